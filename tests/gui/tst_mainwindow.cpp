#include "FeedHealthIndicator.h"
#include "PlainText.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "PageCatalog.h"
#include "PlaceholderPage.h"

#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    MainWindow::Context context(FeedHealthModel *health)
    {
        MainWindow::Context c;
        c.health = health;
        c.auditLogPath = u"/tmp/state/sagadeck/audit.jsonl"_s;
        return c;
    }

private slots:
    void hasItsPagesInOrder()
    {
        FeedHealthModel health;
        MainWindow w(context(&health));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QStringList expected{u"Overview"_s, u"Sagas"_s,    u"Kafka"_s,     u"Metrics"_s, u"Services"_s,
                                   u"Audit"_s,    u"Timeline"_s, u"Playbooks"_s, u"Database"_s};
        QCOMPARE(w.pageCount(), expected.size());
        auto *nav = w.findChild<QListWidget *>(u"navigation"_s);
        QVERIFY(nav);
        QStringList titles;
        for (int i = 0; i < nav->count(); ++i)
            titles << nav->item(i)->text();
        QCOMPARE(titles, expected);
        QCOMPARE(w.currentPageId(), u"overview"_s);
    }

    void statusBarShowsEveryFeedDisabled()
    {
        FeedHealthModel health;
        MainWindow w(context(&health));
        w.show();
        QCOMPARE(w.healthIndicators().size(), int(allFeedKinds.size()));
        for (FeedHealthIndicator *i : w.healthIndicators()) {
            QVERIFY2(i->text().endsWith(u"· Disabled"_s), qPrintable(i->text()));
            QVERIFY(i->isVisible());
            QVERIFY(i->toolTip().contains(u"not configured"_s));
        }
    }

    void clickingNavigationSwitchesPage()
    {
        FeedHealthModel health;
        MainWindow w(context(&health));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *nav = w.findChild<QListWidget *>(u"navigation"_s);
        const QRect rect = nav->visualItemRect(nav->item(pageIndexOf(u"metrics"_s)));
        QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(w.currentPageId(), u"metrics"_s);
        QVERIFY(w.page(u"metrics"_s)->isVisible());
        QVERIFY(!w.page(u"overview"_s)->isVisible());
    }

    void keyboardShortcutSwitchesPage()
    {
        FeedHealthModel health;
        MainWindow w(context(&health));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(w.currentPageId(), u"kafka"_s);
        QTest::keyClick(&w, Qt::Key_6, Qt::ControlModifier);
        QCOMPARE(w.currentPageId(), u"audit"_s);
    }

    void pagesSayWhyTheyHaveNoData()
    {
        FeedHealthModel health;
        MainWindow w(context(&health));
        auto *sagas = qobject_cast<PlaceholderPage *>(w.page(u"sagas"_s));
        QVERIFY(sagas);
        QVERIFY(sagas->feedStatusText().contains(u"Postgres · Disabled — not configured"_s));
        auto *banner = sagas->findChild<QLabel *>(u"noDataBanner"_s);
        QVERIFY(banner->text().contains(u"No live data"_s));

        auto *audit = w.page(u"audit"_s);
        bool mentionsLog = false;
        for (QLabel *l : audit->findChildren<QLabel *>())
            mentionsLog |= l->text().contains(u"/tmp/state/sagadeck/audit.jsonl"_s);
        QVERIFY(mentionsLog);
    }

    void healthUpdatesReachIndicatorsAndPages()
    {
        FeedHealthModel health;
        MainWindow w(context(&health));
        w.show();
        FeedHealth down;
        down.feed = FeedKind::Kafka;
        down.state = FeedState::Down;
        down.reason = u"<b>Connection refused</b>"_s; // must stay plain text
        health.update(down);
        FeedHealthIndicator *kafka = nullptr;
        for (FeedHealthIndicator *i : w.healthIndicators())
            if (i->feed() == FeedKind::Kafka)
                kafka = i;
        QVERIFY(kafka);
        QCOMPARE(kafka->text(), u"Kafka · Down"_s);
        QVERIFY(kafka->toolTip().contains(u"&lt;b&gt;Connection refused&lt;/b&gt;"_s)); // shown literally
        auto *page = qobject_cast<PlaceholderPage *>(w.page(u"kafka"_s));
        QVERIFY(page->feedStatusText().contains(u"Kafka · Down — <b>Connection refused</b>"_s));
        for (QLabel *l : page->findChildren<QLabel *>())
            QVERIFY2(l->textFormat() == Qt::PlainText || !l->text().contains(u"<b>"_s),
                     "outside text must not be rendered as rich text");

        FeedHealth live;
        live.feed = FeedKind::Kafka;
        live.state = FeedState::Live;
        live.lastSuccess = QDateTime::currentDateTimeUtc().addSecs(-4);
        health.update(live);
        QVERIFY2(kafka->text().startsWith(u"Kafka · Live · "_s), qPrintable(kafka->text()));
    }

    void rendersSomething()
    {
        FeedHealthModel health;
        MainWindow w(context(&health));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QImage img = w.grab().toImage();
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), w.size() * img.devicePixelRatio());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
