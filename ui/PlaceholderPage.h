#pragma once

#include "PageCatalog.h"

#include <QWidget>

class QLabel;

namespace sagadeck {

class FeedHealthModel;

// A page whose live views are not built yet. It never pretends to be empty or healthy: it
// says what the page is for and, for each feed it depends on, the feed's state and why.
class PlaceholderPage : public QWidget
{
    Q_OBJECT
public:
    PlaceholderPage(const PageSpec &spec, FeedHealthModel *health, const QString &note, QWidget *parent = nullptr);

    const PageSpec &spec() const { return m_spec; }
    QString feedStatusText() const;

public slots:
    void refresh();

private:
    PageSpec m_spec;
    FeedHealthModel *m_health;
    QLabel *m_banner;
    QLabel *m_feeds;
};

} // namespace sagadeck
