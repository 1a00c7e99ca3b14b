#include "SavedFilters.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

QByteArray savedFiltersToJson(const QVector<SavedSagaFilter> &filters)
{
    QJsonArray list;
    for (const SavedSagaFilter &f : filters) {
        list.append(QJsonObject{{u"name"_s, f.name},
                                {u"statuses"_s, f.statuses},
                                {u"type"_s, f.type},
                                {u"step"_s, f.step},
                                {u"window_minutes"_s, f.windowMinutes},
                                {u"search"_s, f.search},
                                {u"sort_column"_s, f.sortColumn},
                                {u"sort_ascending"_s, f.sortAscending}});
    }
    return QJsonDocument(QJsonObject{{u"saga_filters"_s, list}}).toJson(QJsonDocument::Indented);
}

QVector<SavedSagaFilter> savedFiltersFromJson(const QByteArray &json, QStringList *errors)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        errors->append(u"not a saved-filters file (%1)"_s.arg(parseError.errorString()));
        return {};
    }
    QVector<SavedSagaFilter> out;
    const QJsonArray list = doc.object().value(u"saga_filters"_s).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list.at(i).toObject();
        const auto text = [&o](const char *key) { return o.value(QLatin1String(key)).toString(); };
        const bool typed = o.value(u"name"_s).isString() && o.value(u"window_minutes"_s).isDouble();
        if (!typed || text("name").trimmed().isEmpty()) {
            errors->append(u"entry %1: no name or a value of the wrong type; left out"_s.arg(i + 1));
            continue;
        }
        SavedSagaFilter f;
        f.name = text("name").trimmed();
        f.statuses = text("statuses");
        f.type = text("type");
        f.step = text("step");
        f.windowMinutes = o.value(u"window_minutes"_s).toInt();
        f.search = text("search");
        f.sortColumn = o.value(u"sort_column"_s).toInt(-1);
        f.sortAscending = o.value(u"sort_ascending"_s).toBool();
        out = withSavedFilter(out, f);
    }
    return out;
}

QVector<SavedSagaFilter> withSavedFilter(QVector<SavedSagaFilter> filters, const SavedSagaFilter &filter)
{
    filters = withoutSavedFilter(filters, filter.name);
    filters.append(filter);
    std::sort(filters.begin(), filters.end(), [](const SavedSagaFilter &a, const SavedSagaFilter &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return filters;
}

QVector<SavedSagaFilter> withoutSavedFilter(QVector<SavedSagaFilter> filters, const QString &name)
{
    filters.erase(std::remove_if(filters.begin(), filters.end(),
                                 [&](const SavedSagaFilter &f) {
                                     return f.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0;
                                 }),
                  filters.end());
    return filters;
}

void SavedFilterList::setProfile(const QString &profile)
{
    if (profile == m_profile)
        return;
    m_profile = profile;
    m_filters.clear();
    m_error.clear();
    emit changed();
}

void SavedFilterList::applyStored(const QString &profile, const QVector<SavedSagaFilter> &filters, const QString &error)
{
    if (profile != m_profile)
        return;
    // A failed change answers with what the file held: keep showing that, and say why.
    if (error.isEmpty() || !filters.isEmpty())
        m_filters = filters;
    m_error = error;
    emit changed();
}

} // namespace sagadeck
