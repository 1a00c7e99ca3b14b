#include "ActionId.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestActionId : public QObject
{
    Q_OBJECT
private slots:
    void createIsUniqueRandomUuid()
    {
        QSet<QString> seen;
        const QRegularExpression form(u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
        for (int i = 0; i < 1000; ++i) {
            const ActionId id = ActionId::create();
            QVERIFY(!id.isNull());
            QVERIFY2(form.match(id.toString()).hasMatch(), qPrintable(id.toString()));
            seen.insert(id.toString());
        }
        QCOMPARE(seen.size(), 1000);
    }

    void roundTripsThroughText()
    {
        const ActionId id = ActionId::create();
        QCOMPARE(ActionId::fromString(id.toString()), id);
        QCOMPARE(ActionId::fromString(u"  "_s + id.toString().toUpper() + u"\n"_s), id);
    }

    void rejectsWhatIsNotOurs_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("garbage") << u"not-a-uuid"_s;
        QTest::newRow("nil uuid") << u"00000000-0000-0000-0000-000000000000"_s;
        QTest::newRow("time-based v1") << u"c232ab00-9414-11ec-b3c8-9f6bdeced846"_s;
    }
    void rejectsWhatIsNotOurs()
    {
        QFETCH(QString, text);
        QVERIFY(ActionId::fromString(text).isNull());
    }
};

QTEST_APPLESS_MAIN(TestActionId)
#include "tst_actionid.moc"
