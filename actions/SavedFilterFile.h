#pragma once

#include "ProfileStateStore.h"
#include "SavedFilters.h"

#include <QObject>

namespace sagadeck {

// The Sagas page's saved filters, one file per profile, `<state dir>/filters/<profile>.json`
// (ProfileStateStore), shared by the user's consoles on that profile.
//
// Blocking file I/O: lives on ConsoleApp's "console-state" thread, reached by queued calls.
// Every call is answered by stored() with the profile's filters as the file then holds them and
// an error text (empty = done).
class SavedFilterFile : public QObject
{
    Q_OBJECT
public:
    explicit SavedFilterFile(const QString &stateDir, QObject *parent = nullptr);

    QString pathFor(const QString &profile) const { return m_store.pathFor(profile); }

public slots:
    void load(const QString &profile);
    void save(const QString &profile, const sagadeck::SavedSagaFilter &filter);
    void remove(const QString &profile, const QString &name);

signals:
    void stored(const QString &profile, const QVector<sagadeck::SavedSagaFilter> &filters, const QString &error);

private:
    template <typename Edit>
    void change(const QString &profile, Edit edit);

    ProfileStateStore m_store;
};

} // namespace sagadeck
