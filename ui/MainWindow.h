#pragma once

#include <QMainWindow>
#include <QVector>

class QListWidget;
class QStackedWidget;
class QLabel;

namespace sagadeck {

class FeedHealthModel;
class FeedHealthIndicator;

// Hosts the pages and the global chrome (navigation, menus, feed health in the status bar).
// Page content lives in one class per page; nothing here talks to a server.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Context
    {
        FeedHealthModel *health = nullptr;
        QString profileName;   // empty: no profile loaded
        QString auditLogPath;
    };

    explicit MainWindow(const Context &context, QWidget *parent = nullptr);

    int pageCount() const;
    QString currentPageId() const;
    QWidget *page(const QString &id) const;
    const QVector<FeedHealthIndicator *> &healthIndicators() const { return m_indicators; }

public slots:
    // Switches to the page with this id (see pageCatalog()); false if there is none.
    bool showPage(const QString &id);

private:
    void buildPages(const Context &context);
    void buildMenus();
    void buildStatusBar(FeedHealthModel *health);
    void showAbout();

    QListWidget *m_nav;
    QStackedWidget *m_stack;
    QLabel *m_profileLabel;
    QVector<FeedHealthIndicator *> m_indicators;
};

} // namespace sagadeck
