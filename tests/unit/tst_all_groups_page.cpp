#include "AllGroupsPage.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The all-groups view's paging: the cluster's groups the profile does not name, by name.
class TestAllGroupsPage : public QObject
{
    Q_OBJECT
private slots:
    void pagesTheOthersByName()
    {
        QSet<QString> listed{u"saga-orchestrator-group"_s};
        for (int i = 0; i < 120; ++i)
            listed.insert(u"g-%1"_s.arg(i, 3, 10, QLatin1Char('0')));
        const QStringList profile{u"saga-orchestrator-group"_s, u"payment-service-group"_s}; // one not listed
        const AllGroupsPage first = AllGroupsPage::of(listed, profile, 0, 50);
        QCOMPARE(first.clusterGroups, 121);
        QCOMPARE(first.pages, 3);
        QCOMPARE(first.page, 0);
        QCOMPARE(first.groups.size(), 50);
        QCOMPARE(first.groups.first(), u"g-000"_s);
        QVERIFY(!first.groups.contains(u"saga-orchestrator-group"_s));
        const AllGroupsPage last = AllGroupsPage::of(listed, profile, 2, 50);
        QCOMPARE(last.groups.size(), 20);
        QCOMPARE(last.groups.last(), u"g-119"_s);
        // Past the end: the last page there is.
        QCOMPARE(AllGroupsPage::of(listed, profile, 7, 50).page, 2);
    }

    void nothingElseIsAnEmptyPage()
    {
        const AllGroupsPage p = AllGroupsPage::of({u"a"_s}, {u"a"_s}, 0, 50);
        QCOMPARE(p.pages, 0);
        QCOMPARE(p.page, 0);
        QVERIFY(p.groups.isEmpty());
        QCOMPARE(p.clusterGroups, 1);
    }
};

QTEST_APPLESS_MAIN(TestAllGroupsPage)
#include "tst_all_groups_page.moc"
