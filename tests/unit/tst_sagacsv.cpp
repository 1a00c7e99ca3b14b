#include "SagaCsv.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestSagaCsv : public QObject
{
    Q_OBJECT
private slots:
    void fieldQuoting_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::newRow("plain") << u"charge-payment"_s << u"charge-payment"_s;
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
        QTest::newRow("quote doubled") << u"say \"no\""_s << u"\"say \"\"no\"\"\""_s;
        QTest::newRow("newline") << u"line1\nline2"_s << u"\"line1\nline2\""_s;
        QTest::newRow("carriage return") << u"a\rb"_s << u"\"a\rb\""_s;
    }
    void fieldQuoting()
    {
        QFETCH(QString, value);
        QFETCH(QString, field);
        QCOMPARE(csvField(value), field);
    }

    void rowsWithHeaderCrlfAndUtc()
    {
        SagaRow r;
        r.id = QUuid::fromString(u"0f8fad5b-d9cb-469f-a165-70867728950e"_s);
        r.type = u"order-fulfillment"_s;
        r.statusText = u"FAILED"_s;
        r.currentStep = u"charge-payment"_s;
        r.attempt = 3;
        r.lastError = u"payment-service: 402, \"card declined\""_s;
        // A local-time value must still be written in UTC.
        r.createdAt = QDateTime(QDate(2026, 11, 28), QTime(5, 6, 7, 89), QTimeZone(3600));
        r.updatedAt = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
        const QString csv = sagasToCsv({r});
        const QStringList lines = csv.split(u"\r\n"_s);
        QCOMPARE(lines.size(), 3); // header, row, and the empty tail after the last CRLF
        QCOMPARE(lines.at(0), u"id,saga_type,status,current_step,attempt,last_error,created_at,updated_at"_s);
        QCOMPARE(lines.at(1),
                 u"0f8fad5b-d9cb-469f-a165-70867728950e,order-fulfillment,FAILED,"
                 u"charge-payment,3,\"payment-service: 402, \"\"card declined\"\"\","
                 u"2026-11-28T04:06:07.089Z,1970-01-01T00:00:00.000Z"_s);
        QVERIFY(lines.at(2).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestSagaCsv)
#include "tst_sagacsv.moc"
