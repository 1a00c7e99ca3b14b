#pragma once

#include "AlertSilence.h"
#include "ProfileStateStore.h"

#include <QObject>
#include <QString>
#include <QVector>

namespace sagadeck {

// The operator's alert silences, one file per profile, `<state dir>/silences/<profile>.json`
// (ProfileStateStore: whole-file writes under a lock), so two consoles on one profile do not lose
// each other's silences: what is stored after a change (the other console's silences too) is
// what stored() answers. Silences that have ended are dropped on the way.
//
// Blocking file I/O: it lives on a thread of its own (ConsoleApp's "console-state") and is
// reached by queued calls, never on the GUI thread. Each call is answered by stored() with its
// request id (0 for load), the profile's silences as stored, and an error text (empty = done).
class SilenceStateFile : public QObject
{
    Q_OBJECT
public:
    // `stateDir`: StatePaths::stateDir().
    explicit SilenceStateFile(const QString &stateDir, QObject *parent = nullptr);

    QString pathFor(const QString &profile) const;
    static void registerMetaTypes();

public slots:
    void load(const QString &profile);
    void add(quint64 requestId, const QString &profile, const sagadeck::AlertSilence &silence);
    // Ends the silence with `id` now (unsilence): an ended silence is not kept.
    void expire(quint64 requestId, const QString &profile, const QString &id);

signals:
    void stored(quint64 requestId, const QString &profile, const QVector<sagadeck::AlertSilence> &silences,
                const QString &error);

private:
    // The file's silences (empty bytes: none); false with `error` when none could be read.
    bool parse(const QString &profile, const QByteArray &bytes, QVector<AlertSilence> *out, QString *error) const;
    template <typename Change>
    void change(quint64 requestId, const QString &profile, Change apply);

    ProfileStateStore m_store;
};

} // namespace sagadeck
