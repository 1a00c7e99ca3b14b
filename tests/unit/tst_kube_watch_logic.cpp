// KubeWatch's list-then-watch logic with the API server's answers played by hand (the real
// server is tst_kube_watch's): pages are joined, the watch starts from the list's
// resourceVersion, events and bookmarks move it, a stream the server ends is reopened from the
// newest version, a 410 (as an ERROR event or as the status) lists again, and a failure is
// reported once and resumed from where it stopped.
#include "KubeWatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

// The requests KubeWatch sent, answered by the test.
struct FakeServer
{
    struct Sent
    {
        KubeWatch::Request request;
        HttpTransport::Done done;
        quint64 handle;
        bool aborted = false;
    };
    QList<Sent> sent;
    quint64 next = 0;

    KubeWatch::Send send()
    {
        return [this](const KubeWatch::Request &r, const HttpTransport::Done &done) {
            sent.append({r, done, ++next});
            return next;
        };
    }
    KubeWatch::Abort abort()
    {
        return [this](quint64 h) {
            for (Sent &s : sent)
                if (s.handle == h)
                    s.aborted = true;
        };
    }
    QUrlQuery query(int i) const { return QUrlQuery(sent.at(i).request.pathInNamespace.section(u'?', 1)); }
    static HttpResult answer(int status, const QByteArray &body = {}, qint64 elapsedMs = 5000)
    {
        HttpResult r;
        r.delivery = HttpResult::Delivery::Answered;
        r.status = status;
        r.body = body;
        r.elapsedMs = elapsedMs;
        return r;
    }
};

QByteArray podList(const QStringList &names, const QString &rv, const QString &continueToken = {})
{
    QJsonArray items;
    for (const QString &n : names)
        items.append(QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, n}, {u"resourceVersion"_s, rv}}}});
    QJsonObject meta{{u"resourceVersion"_s, rv}};
    if (!continueToken.isEmpty())
        meta.insert(u"continue"_s, continueToken);
    return QJsonDocument(QJsonObject{{u"kind"_s, u"PodList"_s}, {u"metadata"_s, meta}, {u"items"_s, items}})
        .toJson(QJsonDocument::Compact);
}

QByteArray watchEvent(const QString &type, const QString &name, const QString &rv)
{
    QJsonObject meta{{u"resourceVersion"_s, rv}};
    if (!name.isEmpty())
        meta.insert(u"name"_s, name);
    return QJsonDocument(QJsonObject{{u"type"_s, type}, {u"object"_s, QJsonObject{{u"metadata"_s, meta}}}})
               .toJson(QJsonDocument::Compact)
        + '\n';
}

QStringList names(const KubeWatch &w)
{
    return w.items().keys();
}

} // namespace

class TestKubeWatchLogic : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<KubeWatch> make(FakeServer &server, QStringList *failures)
    {
        auto w = std::make_unique<KubeWatch>(
            u"pods"_s, u"PodList"_s, server.send(), server.abort(),
            [](const HttpResult &r, const QString &verb) { return u"%1 answered %2"_s.arg(verb).arg(r.status); });
        connect(w.get(), &KubeWatch::failed, this, [failures](const QString &why) { *failures << why; });
        return w;
    }

private slots:
    void listPagesThenWatchFromTheListsVersion()
    {
        FakeServer server;
        QStringList failures;
        auto w = make(server, &failures);
        w->resume();
        QCOMPARE(server.sent.size(), 1);
        QCOMPARE(server.query(0).queryItemValue(u"limit"_s), u"500"_s);
        server.sent[0].done(FakeServer::answer(200, podList({u"a"_s, u"b"_s}, u"10"_s, u"next+page/=="_s)));
        // The second page, with the continue token as given.
        QCOMPARE(server.sent.size(), 2);
        QCOMPARE(server.query(1).queryItemValue(u"continue"_s, QUrl::FullyDecoded), u"next+page/=="_s);
        QVERIFY(!w->synced());
        server.sent[1].done(FakeServer::answer(200, podList({u"c"_s}, u"11"_s)));
        QCOMPARE(names(*w), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
        QCOMPARE(w->lists(), 1);
        QVERIFY(w->synced());
        // The watch, from the list's version, with bookmarks.
        QCOMPARE(server.sent.size(), 3);
        const QUrlQuery watch = server.query(2);
        QCOMPARE(watch.queryItemValue(u"watch"_s), u"1"_s);
        QCOMPARE(watch.queryItemValue(u"resourceVersion"_s), u"11"_s);
        QCOMPARE(watch.queryItemValue(u"allowWatchBookmarks"_s), u"true"_s);
        QVERIFY(server.sent.at(2).request.onChunk);
        QVERIFY(failures.isEmpty());
    }

    void eventsAndBookmarksMoveTheVersion()
    {
        FakeServer server;
        QStringList failures;
        auto w = make(server, &failures);
        int changes = 0;
        connect(w.get(), &KubeWatch::changed, this, [&changes] { ++changes; });
        w->resume();
        server.sent[0].done(FakeServer::answer(200, podList({u"a"_s}, u"10"_s)));
        QCOMPARE(changes, 1);
        const auto &chunk = server.sent.at(1).request.onChunk;
        // An event cut in two pieces.
        const QByteArray added = watchEvent(u"ADDED"_s, u"b"_s, u"12"_s);
        chunk(added.left(9));
        QCOMPARE(names(*w), QStringList{u"a"_s});
        chunk(added.mid(9) + watchEvent(u"DELETED"_s, u"a"_s, u"13"_s));
        QCOMPARE(names(*w), QStringList{u"b"_s});
        QCOMPARE(w->resourceVersion(), u"13"_s);
        QCOMPARE(changes, 2);
        // A bookmark moves the version, not the objects.
        chunk(watchEvent(u"BOOKMARK"_s, {}, u"20"_s));
        QCOMPARE(w->resourceVersion(), u"20"_s);
        QCOMPARE(changes, 2);
        // The server ends the stream (its timeoutSeconds): open again from the newest version.
        server.sent[1].done(FakeServer::answer(200));
        QCOMPARE(server.sent.size(), 3);
        QCOMPARE(server.query(2).queryItemValue(u"resourceVersion"_s), u"20"_s);
        QCOMPARE(w->lists(), 1);
        QVERIFY(failures.isEmpty());
    }

    void goneListsAgain()
    {
        FakeServer server;
        QStringList failures;
        auto w = make(server, &failures);
        w->resume();
        server.sent[0].done(FakeServer::answer(200, podList({u"a"_s}, u"10"_s)));
        // As an ERROR event inside the stream: that stream is cut, and the namespace listed again.
        server.sent.at(1).request.onChunk(
            R"({"type":"ERROR","object":{"kind":"Status","code":410,"message":"too old resource version"}})"
            "\n");
        QVERIFY(server.sent.at(1).aborted);
        QCOMPARE(server.sent.size(), 3);
        QVERIFY(!server.query(2).hasQueryItem(u"watch"_s));
        server.sent[2].done(FakeServer::answer(200, podList({u"b"_s}, u"30"_s)));
        QCOMPARE(names(*w), QStringList{u"b"_s}); // what the list says, not what was kept
        QCOMPARE(w->lists(), 2);
        // The cut stream's late answer changes nothing.
        server.sent[1].done(FakeServer::answer(200));
        QCOMPARE(server.sent.size(), 4);
        // As the status of the watch request.
        server.sent[3].done(FakeServer::answer(410, R"({"kind":"Status","code":410})"));
        QCOMPARE(server.sent.size(), 5);
        QVERIFY(!server.query(4).hasQueryItem(u"watch"_s));
        QVERIFY(failures.isEmpty());
    }

    void failureIsReportedAndResumedFromTheVersion()
    {
        FakeServer server;
        QStringList failures;
        auto w = make(server, &failures);
        w->resume();
        server.sent[0].done(FakeServer::answer(200, podList({u"a"_s}, u"10"_s)));
        server.sent.at(1).request.onChunk(watchEvent(u"ADDED"_s, u"b"_s, u"15"_s));
        server.sent[1].done(FakeServer::answer(403, R"({"kind":"Status"})"));
        QCOMPARE(failures, QStringList{u"watch answered 403"_s});
        QVERIFY(!w->synced());
        QCOMPARE(server.sent.size(), 2);                    // the owner decides when: nothing is sent by itself
        QCOMPARE(names(*w), (QStringList{u"a"_s, u"b"_s})); // the last known stay
        w->resume();
        QCOMPARE(server.query(2).queryItemValue(u"resourceVersion"_s), u"15"_s);
        // A stream that ends at once, again and again, is a failure, not a loop.
        server.sent[2].done(FakeServer::answer(200, {}, 20));
        QCOMPARE(failures.size(), 2);
        QVERIFY2(failures.last().contains(u"at once"_s), qPrintable(failures.last()));
        // halt() cuts the stream; its answer is ignored; resume() goes on.
        w->resume();
        w->halt();
        QVERIFY(server.sent.at(3).aborted);
        server.sent[3].done(FakeServer::answer(500));
        QCOMPARE(failures.size(), 2);
        // Not a list: said.
        FakeServer other;
        auto w2 = make(other, &failures);
        w2->resume();
        other.sent[0].done(FakeServer::answer(200, R"({"kind":"Status"})"));
        QCOMPARE(failures.last(), u"the API server's answer is not a PodList (kind 'Status')"_s);
    }
};

QTEST_GUILESS_MAIN(TestKubeWatchLogic)
#include "tst_kube_watch_logic.moc"
