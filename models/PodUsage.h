#pragma once

#include "PromTypes.h"
#include "SiteNames.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <optional>

class QTimer;

namespace sagadeck {

// What each pod uses, from Prometheus' container metrics (cAdvisor's, in the site's names), as
// `kubectl top pods` shows it: memory (working set) and CPU (cores, the rate over 2 minutes),
// summed over the pod's containers. A pod without series has no reading (not 0); when a
// metric has no series at all in the namespace, error() says so by name.
class PodUsage : public QObject
{
    Q_OBJECT
public:
    struct Reading
    {
        std::optional<double> memoryBytes;
        std::optional<double> cpuCores;
    };

    explicit PodUsage(QObject *parent = nullptr);

    // Asks now and every `intervalMs` for the pods of `ns`.
    void start(const SiteNames &names, const QString &ns, int intervalMs);
    void stop();

    std::optional<Reading> reading(const QString &pod) const;
    const QHash<QString, Reading> &readings() const { return m_readings; }
    QDateTime readAt() const { return m_at; }
    QString error() const { return m_error; }
    QString memoryQuery() const { return m_memoryQuery; }
    QString cpuQuery() const { return m_cpuQuery; }

public slots:
    void applyAnswer(const sagadeck::PromAnswer &answer);

signals:
    void requested(const sagadeck::PromRequest &request);
    void changed();

private:
    void ask();

    SiteNames m_names;
    QString m_memoryQuery;
    QString m_cpuQuery;
    QTimer *m_timer;
    quint64 m_nextId = 1;
    quint64 m_memoryId = 0;
    quint64 m_cpuId = 0;
    QHash<QString, Reading> m_readings;
    QHash<QString, Reading> m_incoming; // this round's answers, until both have come
    int m_answers = 0;
    bool m_failed = false;
    QStringList m_problems;
    QDateTime m_at;
    QString m_error;
};

} // namespace sagadeck
