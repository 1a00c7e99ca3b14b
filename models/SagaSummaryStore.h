#pragma once

#include "Saga.h"

#include <QObject>

namespace sagadeck {

// The latest saga summary (counts, throughput, stuck sagas), shared by the Sagas page, the
// overview and snapshots. GUI thread; filled from the Postgres feed's summaryReady().
class SagaSummaryStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    const SagaSummary &summary() const { return m_summary; }
    bool hasSummary() const { return m_summary.at.isValid(); }

public slots:
    void setSummary(const sagadeck::SagaSummary &summary)
    {
        m_summary = summary;
        emit changed();
    }
    void clear()
    {
        m_summary = {};
        emit changed();
    }

signals:
    void changed();

private:
    SagaSummary m_summary;
};

} // namespace sagadeck
