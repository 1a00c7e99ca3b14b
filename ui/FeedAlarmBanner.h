#pragma once

#include "FeedHealth.h"

#include <QLabel>
#include <QVector>

namespace sagadeck {

class FeedHealthModel;

// One line per feed that is not Live, each with its shape (✕ Down, ▲ Stale, ◌ Connecting,
// – Disabled), state, reason and the age of its last good data; empty when all are Live.
QString notLiveText(const QVector<FeedHealth> &feeds, const QDateTime &now);

// The war-room's banner: impossible to miss while any feed is not Live, gone when all are.
// A wall display that quietly shows old numbers is worse than none.
class FeedAlarmBanner : public QLabel
{
    Q_OBJECT
public:
    explicit FeedAlarmBanner(FeedHealthModel *health, QWidget *parent = nullptr);

    bool alarming() const { return !text().isEmpty(); }

public slots:
    void refresh();

private:
    FeedHealthModel *m_health;
};

} // namespace sagadeck
