#pragma once

#include "DatabaseActivity.h"
#include "PostgresQueryWorker.h"
#include "RequestOutcome.h"

namespace sagadeck {

// The cancel-query and terminate-backend actions' client. It reads a backend by pid over the
// console's own (read-only) connection — the preview and the read-back — and sends
// pg_cancel_backend / pg_terminate_backend over a second connection, as the profile's operator
// role (postgres.operator_conninfo, a role with pg_signal_backend). The signal is sent only
// while the pid is still the backend the preview showed (same backend_start; for a cancel,
// the same query_start): a pid reused since, or a query that has ended, is not signalled.
//
// Threading: lives on its own thread ("backend-signals"), slots called queued; every request is
// answered by exactly one signal with its id.
class BackendSignalWorker : public PostgresQueryWorker
{
    Q_OBJECT
public:
    // `operatorSettings` with an empty conninfo: signalling is refused (no operator configured).
    BackendSignalWorker(const PostgresSettings &settings, const PostgresSettings &operatorSettings,
                        QObject *parent = nullptr);
    ~BackendSignalWorker() override;
    static void registerMetaTypes();

    static SqlStatement lookupStatement(int pid);
    static SqlStatement signalStatement(int pid, bool terminate, qint64 backendStartUs, qint64 queryStartUs);

public slots:
    void readBackend(const QString &requestId, int pid);
    void signalBackend(const QString &requestId, int pid, bool terminate, qint64 backendStartUs, qint64 queryStartUs);

signals:
    void backendRead(const QString &requestId, const sagadeck::BackendLookup &lookup);
    void signalled(const QString &requestId, const sagadeck::RequestOutcome &outcome);

protected:
    void onStop() override;

private:
    PostgresSettings m_operatorSettings;
    PostgresConnection m_operator;
};

} // namespace sagadeck
