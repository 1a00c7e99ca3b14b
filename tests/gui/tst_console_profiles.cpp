#include "ConsoleApp.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"

#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// A wrong profile never stops the console: it starts, the affected feeds are Disabled, and
// the reason (file, line, key) is where people look. No server is needed for any of this.
class TestConsoleProfiles : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return path;
    }

    static FeedHealth healthOf(ConsoleApp &app, FeedKind kind) { return app.models().health->health(kind); }

private slots:
    void malformedYamlStartsWithEveryFeedDisabled()
    {
        const QString path = write(u"broken.yaml"_s, "current: local\nprofiles:\n  local: [unclosed\n");
        CommandLineOptions options;
        options.configPath = path;
        ConsoleApp app(options);
        QVERIFY(app.window());
        QVERIFY(!app.problems().isEmpty());
        QVERIFY2(app.problems().first().startsWith(path + u':'), qPrintable(app.problems().first()));
        for (FeedKind kind : allFeedKinds) {
            const FeedHealth h = healthOf(app, kind);
            QCOMPARE(h.state, FeedState::Disabled);
            QVERIFY2(h.reason.contains(path), qPrintable(h.reason));
        }
        app.window()->show();
        QVERIFY(QTest::qWaitForWindowExposed(app.window()));
        QVERIFY(app.window()->profileText().contains(u"problems"_s));
        QVERIFY(app.window()->findChild<QLabel *>(u"profileLabel"_s)->toolTip().contains(path));
    }

    void aBadSectionDisablesOnlyItsFeed()
    {
        // Postgres is fine (nothing listens on port 1, so it will be Connecting or Down);
        // Kafka's refresh_ms is not a number: only Kafka is Disabled, with file:line:key.
        const QString path = write(u"kafka-bad.yaml"_s,
                                   "current: p\n"
                                   "profiles:\n"
                                   "  p:\n"
                                   "    postgres:\n"
                                   "      conninfo: \"host=127.0.0.1 port=1 dbname=x user=y connect_timeout=1\"\n"
                                   "    kafka:\n"
                                   "      bootstrap: \"127.0.0.1:1\"\n"
                                   "      refresh_ms: soon\n");
        CommandLineOptions options;
        options.configPath = path;
        ConsoleApp app(options);
        QCOMPARE(app.profileName(), u"p"_s);
        const FeedHealth kafka = healthOf(app, FeedKind::Kafka);
        QCOMPARE(kafka.state, FeedState::Disabled);
        QVERIFY2(kafka.reason.contains(path + u":8:"_s), qPrintable(kafka.reason));
        QVERIFY2(kafka.reason.contains(u"profiles.p.kafka.refresh_ms"_s), qPrintable(kafka.reason));
        QTRY_VERIFY_WITH_TIMEOUT(healthOf(app, FeedKind::Postgres).state == FeedState::Down, 10000);
        QVERIFY(!healthOf(app, FeedKind::Postgres).reason.isEmpty());
        // The status bar says both, in words.
        app.window()->show();
        QString texts;
        for (FeedHealthIndicator *i : app.window()->healthIndicators())
            texts += i->text() + u'\n';
        QVERIFY2(texts.contains(u"Kafka · Disabled"_s), qPrintable(texts));
        QVERIFY2(texts.contains(u"Postgres · Down"_s), qPrintable(texts));
    }

    void inlinePasswordIsRefusedAndNeverShown()
    {
        const QString path = write(u"inline.yaml"_s,
                                   "profiles:\n"
                                   "  p:\n"
                                   "    postgres:\n"
                                   "      conninfo: \"host=db user=ops password=hunter2\"\n");
        CommandLineOptions options;
        options.configPath = path;
        ConsoleApp app(options);
        const FeedHealth pg = healthOf(app, FeedKind::Postgres);
        QCOMPARE(pg.state, FeedState::Disabled);
        QVERIFY2(pg.reason.contains(u"inline passwords are refused"_s), qPrintable(pg.reason));
        QVERIFY(!pg.reason.contains(u"hunter2"_s));
        for (const QString &p : app.problems())
            QVERIFY(!p.contains(u"hunter2"_s));
    }

    void missingConfigFileIsSaid()
    {
        CommandLineOptions options;
        options.configPath = m_dir.filePath(u"nope.yaml"_s);
        ConsoleApp app(options);
        QVERIFY(!app.problems().isEmpty());
        QVERIFY2(app.problems().first().contains(u"nope.yaml"_s), qPrintable(app.problems().first()));
        QCOMPARE(healthOf(app, FeedKind::Postgres).state, FeedState::Disabled);
    }
};

QTEST_MAIN(TestConsoleProfiles)
#include "tst_console_profiles.moc"
