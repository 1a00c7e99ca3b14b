#pragma once

#include "FeedHealth.h"

#include <QVector>
#include <QWidget>

class QLabel;

namespace sagadeck {

class PageRotator;

// The war-room header, readable across a room: the page shown, the profile, a clock (local and
// UTC, since incident notes are in UTC), a READ-ONLY badge and where the rotation goes next.
class WarRoomBar : public QWidget
{
    Q_OBJECT
public:
    WarRoomBar(const QString &profile, PageRotator *rotator, QWidget *parent = nullptr);

    void setPageTitle(const QString &title);
    // "Transport: Postgres verified TLS · Kafka plaintext · …", in red while any TLS is unverified.
    void setTransports(const QVector<FeedHealth> &feeds);
    QString transportText() const;
    QString clockText() const;
    QString rotationText() const;

public slots:
    void tick();

private:
    PageRotator *m_rotator;
    QLabel *m_title;
    QLabel *m_clock;
    QLabel *m_utc;
    QLabel *m_rotation;
    QLabel *m_transports;
};

} // namespace sagadeck
