#include "SavedFilterFile.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

SavedFilterFile::SavedFilterFile(const QString &stateDir, QObject *parent)
    : QObject(parent)
    , m_store(stateDir, u"filters"_s)
{
    qRegisterMetaType<SavedSagaFilter>();
    qRegisterMetaType<QVector<SavedSagaFilter>>();
}

void SavedFilterFile::load(const QString &profile)
{
    QByteArray bytes;
    QString error;
    QVector<SavedSagaFilter> filters;
    if (m_store.read(profile, &bytes, &error) && !bytes.isEmpty()) {
        QStringList problems;
        filters = savedFiltersFromJson(bytes, &problems);
        if (!problems.isEmpty())
            error = pathFor(profile) + u": "_s + problems.join(u"; "_s);
    }
    emit stored(profile, filters, error);
}

template <typename Edit>
void SavedFilterFile::change(const QString &profile, Edit edit)
{
    QVector<SavedSagaFilter> filters;
    QString error;
    const bool done = m_store.change(
        profile,
        [&](const QByteArray &current, QByteArray *next, QString *) {
            // A damaged entry is dropped rather than blocking every later save.
            QStringList ignored;
            filters = edit(current.isEmpty() ? QVector<SavedSagaFilter>{} : savedFiltersFromJson(current, &ignored));
            *next = savedFiltersToJson(filters);
            return true;
        },
        &error);
    emit stored(profile, filters, done ? QString() : error);
}

void SavedFilterFile::save(const QString &profile, const SavedSagaFilter &filter)
{
    change(profile, [&](const QVector<SavedSagaFilter> &filters) { return withSavedFilter(filters, filter); });
}

void SavedFilterFile::remove(const QString &profile, const QString &name)
{
    change(profile, [&](const QVector<SavedSagaFilter> &filters) { return withoutSavedFilter(filters, name); });
}

} // namespace sagadeck
