#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

namespace sagadeck {

// A named filter of the Sagas page ("failed payment sagas, last hour"), as its filter bar holds
// it: the time window stays relative, so "the last hour" is the last hour whenever it is applied.
struct SavedSagaFilter
{
    QString name;
    QString statuses;      // the status box's choice: "FAILED" or "FAILED,COMPENSATED"; empty: all
    QString type;          // exact saga_type; empty: all
    QString step;          // exact current_step; empty: any
    int windowMinutes = 0; // updated in the last N minutes; 0: any time; -1: past the stuck threshold
    QString search;        // the search box's text (id, error text, key:value)
    int sortColumn = -1;   // SagaColumn; -1: the table's default
    bool sortAscending = false;

    friend bool operator==(const SavedSagaFilter &a, const SavedSagaFilter &b)
    {
        return a.name == b.name && a.statuses == b.statuses && a.type == b.type && a.step == b.step
            && a.windowMinutes == b.windowMinutes && a.search == b.search && a.sortColumn == b.sortColumn
            && a.sortAscending == b.sortAscending;
    }
};

// The profile's saved filters as a JSON file holds them (a list, sorted by name). An entry
// without a name or with a wrong type is dropped and said in `errors`; the rest are kept.
QByteArray savedFiltersToJson(const QVector<SavedSagaFilter> &filters);
QVector<SavedSagaFilter> savedFiltersFromJson(const QByteArray &json, QStringList *errors);
// `filters` with `filter` in it: replacing one of the same name (names compare without case).
QVector<SavedSagaFilter> withSavedFilter(QVector<SavedSagaFilter> filters, const SavedSagaFilter &filter);
QVector<SavedSagaFilter> withoutSavedFilter(QVector<SavedSagaFilter> filters, const QString &name);

// The current profile's saved filters on the GUI thread. The page asks for a change here; the
// console's state file (actions/SavedFilterFile, on its own thread) stores it and answers with
// what the file then holds (another console's saves too), which replace() shows.
class SavedFilterList : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    const QString &profile() const { return m_profile; }
    const QVector<SavedSagaFilter> &filters() const { return m_filters; }
    const QString &lastError() const { return m_error; }

    void setProfile(const QString &profile);
    void requestSave(const SavedSagaFilter &filter) { emit saveRequested(m_profile, filter); }
    void requestRemove(const QString &name) { emit removeRequested(m_profile, name); }

public slots:
    // The file's answer for `profile`; answers for another profile are not this list's.
    void applyStored(const QString &profile, const QVector<sagadeck::SavedSagaFilter> &filters, const QString &error);

signals:
    void changed();
    void saveRequested(const QString &profile, const sagadeck::SavedSagaFilter &filter);
    void removeRequested(const QString &profile, const QString &name);

private:
    QString m_profile;
    QVector<SavedSagaFilter> m_filters;
    QString m_error;
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::SavedSagaFilter)
