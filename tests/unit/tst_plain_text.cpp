// plainTooltip(): outside text shown in a tooltip renders as its literal characters, asks for
// no resource, and is capped.
#include "PlainText.h"
#include "ResourceRecordingDocument.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestPlainText : public QObject
{
    Q_OBJECT
private slots:
    void hostileTextRendersLiterally_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("img of /dev/zero") << u"<b>x</b><img src=\"/dev/zero\">"_s;
        QTest::newRow("remote img and link")
            << u"<img src=\"http://127.0.0.1:9/leak.png\"><a href=\"http://x\">x</a> &amp; &lt;"_s;
        QTest::newRow("qt tag, no markup else") << u"<qt>just text"_s;
        QTest::newRow("style sheet") << u"<style>@import url(/etc/passwd);</style><p>y</p>"_s;
        QTest::newRow("lines and spaces kept") << u"line 1\n  <i>indented</i>\tand tab"_s;
        QTest::newRow("plain") << u"ERROR: duplicate key value"_s;
    }
    void hostileTextRendersLiterally()
    {
        QFETCH(QString, text);
        const QString tip = plainTooltip(text);
        // A tooltip is rich text when Qt thinks it might be; the helper's always is, so Qt
        // never guesses.
        QVERIFY(Qt::mightBeRichText(tip));
        ResourceRecordingDocument doc(tip);
        QCOMPARE(doc.toPlainText(), text);
        QVERIFY2(doc.requested.isEmpty(), qPrintable(doc.requested.value(0).toString()));
    }

    // The check above can fail: the same text unescaped asks for the image.
    void unescapedTextWouldFetchTheImage()
    {
        const QString text = u"<b>x</b><img src=\"/dev/zero\">"_s;
        QVERIFY(Qt::mightBeRichText(text));
        ResourceRecordingDocument doc(text);
        QVERIFY(!doc.requested.isEmpty());
        QCOMPARE(doc.requested.first().toString(), u"/dev/zero"_s);
        QVERIFY(doc.toPlainText() != text);
    }

    void controlCharactersAreShownNotInterpreted()
    {
        const QString text = u"a\u0000b\u001b[31mred\u202Eevil\r\nnext"_s;
        const QString shown = printableText(text);
        QCOMPARE(shown, u"a\uFFFDb\uFFFD[31mred\uFFFDevil\nnext"_s);
        ResourceRecordingDocument doc(plainTooltip(text));
        QCOMPARE(doc.toPlainText(), shown);
    }

    void longTextIsCappedWithTheRestCounted()
    {
        const QString text = QString(kTooltipTextCap + 5000, u'<');
        const QString shown = printableText(text);
        QCOMPARE(shown, QString(kTooltipTextCap, u'<') + u"… (5000 more characters)"_s);
        ResourceRecordingDocument doc(plainTooltip(text));
        QCOMPARE(doc.toPlainText(), shown);
        QCOMPARE(printableText(u"short"_s), u"short"_s);
        // A cut inside a surrogate pair drops the half character.
        const QString emoji = u"ab\U0001F600"_s;
        QCOMPARE(printableText(emoji, 3), u"ab… (2 more characters)"_s);
    }

    void emptyTextGivesNoTooltip() { QVERIFY(plainTooltip(QString()).isEmpty()); }
};

QTEST_MAIN(TestPlainText)
#include "tst_plain_text.moc"
