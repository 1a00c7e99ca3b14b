#pragma once

#include <QObject>
#include <QStringList>

class QTimer;

namespace sagadeck {

// Turns a war-room display through its pages: every `intervalS` it asks for the page after the
// current one. It only asks; the window decides (and stays put on a page a person chose until
// the next turn).
class PageRotator : public QObject
{
    Q_OBJECT
public:
    explicit PageRotator(QObject *parent = nullptr);

    void start(const QStringList &pages, int intervalS);
    void stop();
    bool running() const;
    int intervalS() const { return m_intervalS; }
    int secondsToNext() const;
    // The page after `current` in the rotation (the first one when `current` is not in it).
    QString nextAfter(const QString &current) const;
    QStringList pages() const { return m_pages; }
    QString nextPage() const { return nextAfter(m_current); }

public slots:
    // The page now shown, however it got there: the rotation goes on from it.
    void setCurrent(const QString &pageId) { m_current = pageId; }

signals:
    void pageDue(const QString &pageId);

private:
    QStringList m_pages;
    int m_intervalS = 0;
    QTimer *m_timer;
    QString m_current;
};

} // namespace sagadeck
