#pragma once

#include "FeedHealth.h"

#include <QWidget>

class QLabel;

namespace sagadeck {

class FeedHealthModel;

// A status-bar item for one feed: shape glyph, feed name, state and data age, with the reason
// in the tooltip. Reads its feed's row from FeedHealthModel; refresh() re-renders the age.
class FeedHealthIndicator : public QWidget
{
    Q_OBJECT
public:
    FeedHealthIndicator(FeedHealthModel *model, FeedKind feed, QWidget *parent = nullptr);

    FeedKind feed() const { return m_feed; }
    QString text() const;

public slots:
    void refresh();

private:
    FeedHealthModel *m_model;
    FeedKind m_feed;
    QLabel *m_glyph;
    QLabel *m_label;
    QLabel *m_tlsBadge; // shown while the feed's TLS does not check who answers
};

// "Postgres · Live · 4 s" — the words a person reads; shared by every place that shows health.
QString healthSummary(const FeedHealth &health, const QDateTime &now);
QString healthDetails(const FeedHealth &health, const QDateTime &now);
// "Postgres verified TLS · Kafka plaintext · …" over the feeds that are not Disabled.
QString transportSummary(const QVector<FeedHealth> &feeds);
// The feeds whose bytes travel unsafely (plaintext or unverified TLS), one clause each with
// the reason: "Kafka: plaintext (security_protocol: PLAINTEXT)"; empty when none.
QStringList unsafeTransports(const QVector<FeedHealth> &feeds);
// The same feeds, each as "Kafka plaintext" (for a one-line warning).
QStringList unsafeTransportNames(const QVector<FeedHealth> &feeds);

} // namespace sagadeck
