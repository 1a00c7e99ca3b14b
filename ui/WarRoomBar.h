#pragma once

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
};

} // namespace sagadeck
