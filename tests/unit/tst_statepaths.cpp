#include "StatePaths.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestStatePaths : public QObject
{
    Q_OBJECT
private slots:
    void resolves_data()
    {
        QTest::addColumn<QString>("xdgStateHome");
        QTest::addColumn<QString>("home");
        QTest::addColumn<QString>("expectedDir");
        QTest::newRow("XDG_STATE_HOME set") << u"/var/xdg"_s << u"/home/op"_s << u"/var/xdg/sagadeck"_s;
        QTest::newRow("unset falls back to ~/.local/state")
            << QString() << u"/home/op"_s << u"/home/op/.local/state/sagadeck"_s;
        QTest::newRow("relative value is ignored")
            << u"relative/dir"_s << u"/home/op"_s << u"/home/op/.local/state/sagadeck"_s;
        QTest::newRow("trailing slash cleaned") << u"/var/xdg/"_s << u"/home/op"_s << u"/var/xdg/sagadeck"_s;
    }
    void resolves()
    {
        QFETCH(QString, xdgStateHome);
        QFETCH(QString, home);
        QFETCH(QString, expectedDir);
        QProcessEnvironment env;
        if (!xdgStateHome.isNull())
            env.insert(u"XDG_STATE_HOME"_s, xdgStateHome);
        env.insert(u"HOME"_s, home);
        const StatePaths paths(env);
        QCOMPARE(paths.stateDir(), expectedDir);
        QCOMPARE(paths.auditLogPath(), expectedDir + u"/audit.jsonl"_s);
    }
};

QTEST_APPLESS_MAIN(TestStatePaths)
#include "tst_statepaths.moc"
