// kubeconfig loading as kubectl does it, and credential resolution (token, tokenFile, client
// certificates, exec plugins with caching). Fixtures are written into a temporary folder;
// certificates are made with openssl.
#include "KubeConfig.h"
#include "KubeCredentials.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

const QByteArray caPem = "-----BEGIN CERTIFICATE-----\nCA-FOR-TEST\n-----END CERTIFICATE-----\n";

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &text, bool exec = false)
{
    const QString path = dir.filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write fixture");
    f.write(text);
    f.close();
    if (exec)
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
    return path;
}

// One cluster "c1", one context "ctx" -> c1/u1, current-context ctx; `userYaml` is u1's body.
QByteArray simpleConfig(const QByteArray &clusterYaml, const QByteArray &userYaml, const QByteArray &contextNs = "")
{
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: c1\n  cluster:\n    server: https://127.0.0.1:6443\n"
        + clusterYaml + "users:\n- name: u1\n  user:\n" + userYaml
        + "contexts:\n- name: ctx\n  context:\n    cluster: c1\n    user: u1\n" + contextNs + "current-context: ctx\n";
}

} // namespace

class TestKubeConfig : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void target_data();
    void target();
    void merge();
    void parseFromText();
    void errors_data();
    void errors();
    void tokenFileReread();
    void credentialFilesAreBounded();
    void clientCertificate_data();
    void clientCertificate();
    void execPluginCachedUntilExpiry();
    void execPluginFailures_data();
    void execPluginFailures();
    void execInfo();

private:
    QTemporaryDir m_dir;
    QByteArray m_certPem[2]; // rsa, ec
    QByteArray m_keyPem[2];
};

void TestKubeConfig::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QStringList newkey[2] = {{u"rsa:2048"_s}, {u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s}};
    for (int i = 0; i < 2; ++i) {
        const QString key = m_dir.filePath(u"key%1.pem"_s.arg(i));
        const QString cert = m_dir.filePath(u"cert%1.pem"_s.arg(i));
        QProcess p;
        p.start(u"openssl"_s,
                QStringList{u"req"_s, u"-x509"_s, u"-nodes"_s, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=sagadeck-test"_s,
                            u"-keyout"_s, key, u"-out"_s, cert, u"-newkey"_s}
                    + newkey[i]);
        QVERIFY2(p.waitForFinished(30000) && p.exitCode() == 0, p.readAllStandardError().constData());
        QFile c(cert), k(key);
        QVERIFY(c.open(QIODevice::ReadOnly) && k.open(QIODevice::ReadOnly));
        m_certPem[i] = c.readAll();
        m_keyPem[i] = k.readAll();
    }
}

void TestKubeConfig::target_data()
{
    QTest::addColumn<QByteArray>("cluster");
    QTest::addColumn<QByteArray>("user");
    QTest::addColumn<QByteArray>("contextNs");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QByteArray>("expectToken");
    QTest::addColumn<QString>("expectTokenFile"); // relative to the temp dir
    QTest::addColumn<QByteArray>("expectCa");
    QTest::addColumn<bool>("expectInsecure");
    QTest::addColumn<QString>("expectNs");

    const QByteArray tok = "    token: abc.def\n";
    QTest::newRow("token") << QByteArray() << tok << QByteArray() << QString() << QByteArray("abc.def") << QString()
                           << QByteArray() << false << u"fallback-ns"_s;
    QTest::newRow("tokenFile relative") << QByteArray() << QByteArray("    tokenFile: secrets/tok\n") << QByteArray()
                                        << QString() << QByteArray() << u"secrets/tok"_s << QByteArray() << false
                                        << u"fallback-ns"_s;
    QTest::newRow("ca data") << QByteArray("    certificate-authority-data: " + caPem.toBase64() + "\n") << tok
                             << QByteArray() << QString() << QByteArray("abc.def") << QString() << caPem << false
                             << u"fallback-ns"_s;
    QTest::newRow("ca file relative") << QByteArray("    certificate-authority: pki/ca.crt\n") << tok << QByteArray()
                                      << QString() << QByteArray("abc.def") << QString() << caPem << false
                                      << u"fallback-ns"_s;
    QTest::newRow("insecure") << QByteArray("    insecure-skip-tls-verify: true\n") << tok << QByteArray() << QString()
                              << QByteArray("abc.def") << QString() << QByteArray() << true << u"fallback-ns"_s;
    QTest::newRow("context namespace") << QByteArray() << tok << QByteArray("    namespace: shop\n") << u"ctx"_s
                                       << QByteArray("abc.def") << QString() << QByteArray() << false << u"shop"_s;
}

void TestKubeConfig::target()
{
    QFETCH(QByteArray, cluster);
    QFETCH(QByteArray, user);
    QFETCH(QByteArray, contextNs);
    QFETCH(QString, context);
    QTemporaryDir dir;
    write(dir, u"cfg/pki/ca.crt"_s, caPem);
    const QString path = write(dir, u"cfg/config"_s, simpleConfig(cluster, user, contextNs));
    QString error;
    const KubeConfig cfg = KubeConfig::load(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const KubeTarget t = cfg.select(context, u"fallback-ns"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(t.server, u"https://127.0.0.1:6443"_s);
    QCOMPARE(t.contextName, u"ctx"_s);
    QCOMPARE(t.clusterName, u"c1"_s);
    QCOMPARE(t.userName, u"u1"_s);
    QTEST(t.credential.token, "expectToken");
    QFETCH(QString, expectTokenFile);
    QCOMPARE(t.credential.tokenFile, expectTokenFile.isEmpty() ? QString() : dir.filePath(u"cfg/"_s + expectTokenFile));
    QTEST(t.caPem, "expectCa");
    QTEST(t.insecureSkipTlsVerify, "expectInsecure");
    QTEST(t.ns, "expectNs");
}

// The same reading from bytes (what fuzz/fuzz_kubeconfig feeds): the name anchors relative
// paths and prefixes messages; no file is needed.
void TestKubeConfig::parseFromText()
{
    QString error = u"stale"_s;
    const KubeConfig cfg = KubeConfig::parse(simpleConfig({}, "    tokenFile: secrets/tok\n", "    namespace: shop\n"),
                                             u"/nowhere/kube/config"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(cfg.files(), QStringList{u"/nowhere/kube/config"_s});
    const KubeTarget t = cfg.select(QString(), u"default"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(t.server, u"https://127.0.0.1:6443"_s);
    QCOMPARE(t.credential.tokenFile, u"/nowhere/kube/secrets/tok"_s);
    QCOMPARE(t.ns, u"shop"_s);

    const KubeConfig bad = KubeConfig::parse("clusters: [\n", u"/nowhere/kube/config"_s, &error);
    QVERIFY(bad.files().isEmpty());
    QVERIFY2(error.startsWith(u"kubeconfig /nowhere/kube/config: line "_s), qPrintable(error));
}

void TestKubeConfig::merge()
{
    QTemporaryDir dir;
    // First file: cluster "shared" (server A), context "a", no current-context.
    const QString first = write(dir, u"one"_s,
                                "clusters:\n- name: shared\n  cluster:\n    server: https://a:1\n"
                                "users:\n- name: ua\n  user:\n    token: ta\n"
                                "contexts:\n- name: a\n  context: {cluster: shared, user: ua}\n");
    // Second: redefines "shared" (ignored), adds context "b", sets current-context b.
    const QString second = write(dir, u"two"_s,
                                 "clusters:\n- name: shared\n  cluster:\n    server: https://b:2\n"
                                 "users:\n- name: ua\n  user:\n    token: tb\n- name: ub\n  user:\n    token: tub\n"
                                 "contexts:\n- name: b\n  context: {cluster: shared, user: ub, namespace: nb}\n"
                                 "current-context: b\n");
    // Third: also sets current-context; the second file set it first.
    const QString third = write(dir, u"three"_s,
                                "contexts:\n- name: c\n  context: {cluster: shared, user: ua}\ncurrent-context: c\n");
    const QString missing = dir.filePath(u"does-not-exist"_s);
    QString error;
    const KubeConfig cfg = KubeConfig::load(QStringList{missing, first, second, third}.join(u':'), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(cfg.files(), (QStringList{first, second, third}));
    QCOMPARE(cfg.currentContext(), u"b"_s);
    QCOMPARE(cfg.contextNames(), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
    const KubeTarget b = cfg.select({}, u"dflt"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(b.contextName, u"b"_s);
    QCOMPARE(b.server, u"https://a:1"_s); // first definition of "shared" wins
    QCOMPARE(b.credential.token, QByteArray("tub"));
    QCOMPARE(b.ns, u"nb"_s);
    const KubeTarget a = cfg.select(u"a"_s, u"dflt"_s, &error);
    QCOMPARE(a.credential.token, QByteArray("ta")); // first definition of "ua" wins
    QCOMPARE(a.ns, u"dflt"_s);
}

void TestKubeConfig::errors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("expected"); // %1 = the file's path

    QTest::newRow("missing context") << simpleConfig({}, "    token: t\n") << u"foo"_s
                                     << u"kubeconfig %1: context 'foo' not found; contexts: ctx"_s;
    QTest::newRow("malformed yaml") << QByteArray("clusters:\n- name: c1\n  cluster: {server: [\n") << QString()
                                    << u"kubeconfig %1: line 4, column 1: "_s;
    QTest::newRow("undefined cluster")
        << QByteArray("contexts:\n- name: x\n  context: {cluster: nope, user: u}\ncurrent-context: x\n") << QString()
        << u"kubeconfig %1: context 'x' names cluster 'nope', which is not defined; clusters: "_s;
    QTest::newRow("bad base64")
        << simpleConfig("    certificate-authority-data: '***'\n", "    token: t\n") << QString()
        << u"kubeconfig %1: clusters[c1].cluster.certificate-authority-data is not valid base64"_s;
    QTest::newRow("ca file missing") << simpleConfig("    certificate-authority: nope.crt\n", "    token: t\n")
                                     << QString()
                                     << u"kubeconfig %1: clusters[c1].cluster.certificate-authority: cannot read "_s;
    // A device used to be read until memory ran out (fuzz/corpus/kubeconfig/regression-ca-dev-zero.yaml).
    QTest::newRow("ca file is a device")
        << simpleConfig("    certificate-authority: /dev/zero\n", "    token: t\n") << QString()
        << u"kubeconfig %1: clusters[c1].cluster.certificate-authority: /dev/zero is larger than 4 MiB"_s;
    QTest::newRow("cert without key")
        << simpleConfig({}, "    client-certificate: c.pem\n") << QString()
        << u"kubeconfig %1: users[u1].user: client-certificate and client-key must be given together"_s;
    QTest::newRow("exec v1alpha1")
        << simpleConfig({}, "    exec:\n      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: x\n")
        << QString()
        << u"kubeconfig %1: users[u1].user.exec.apiVersion 'client.authentication.k8s.io/v1alpha1' is not supported"_s;
    QTest::newRow("no current-context")
        << QByteArray("contexts:\n- name: a\n  context: {cluster: c}\n") << QString()
        << u"kubeconfig %1: no context given and current-context is not set; contexts: a"_s;
}

void TestKubeConfig::errors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, context);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = write(dir, u"config"_s, yaml);
    QString error;
    const KubeConfig cfg = KubeConfig::load(path, &error);
    if (error.isEmpty())
        cfg.select(context, u"ns"_s, &error);
    QVERIFY2(error.startsWith(expected.arg(path)), qPrintable(error));
}

void TestKubeConfig::tokenFileReread()
{
    QTemporaryDir dir;
    const QString tokenPath = write(dir, u"tok"_s, "first\n");
    KubeTarget t;
    t.userName = u"u1"_s;
    t.credential.tokenFile = tokenPath;
    KubeCredentials creds(t);
    QCOMPARE(creds.current().bearerToken, QByteArray("first"));
    write(dir, u"tok"_s, "second-token\n"); // another size: seen even within one mtime tick
    QCOMPARE(creds.current().bearerToken, QByteArray("second-token"));
    QFile::remove(tokenPath);
    const KubeCredential gone = creds.current();
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error, u"kubeconfig user 'u1': tokenFile %1 does not exist"_s.arg(tokenPath));
    // No file list and no configured file: all the missing ones are named.
    QString error;
    KubeConfig::load(tokenPath + u':' + dir.filePath(u"x"_s), &error);
    QCOMPARE(error, u"kubeconfig %1, %2: no such file"_s.arg(tokenPath, dir.filePath(u"x"_s)));
}

// A token, certificate, key or kubeconfig path that names a device is refused, not read until
// memory runs out.
void TestKubeConfig::credentialFilesAreBounded()
{
    KubeTarget t;
    t.userName = u"u1"_s;
    t.credential.tokenFile = u"/dev/zero"_s;
    QCOMPARE(KubeCredentials(t).current().error, u"kubeconfig user 'u1': tokenFile: /dev/zero is larger than 4 MiB"_s);

    QTemporaryDir dir;
    KubeTarget c;
    c.userName = u"u1"_s;
    c.credential.clientCertificateFile = u"/dev/zero"_s;
    c.credential.clientKeyFile = write(dir, u"key.pem"_s, "not used");
    QCOMPARE(KubeCredentials(c).current().error,
             u"kubeconfig user 'u1': client-certificate: /dev/zero is larger than 4 MiB"_s);

    QString error;
    QVERIFY(KubeConfig::load(u"/dev/zero"_s, &error).files().isEmpty());
    QCOMPARE(error, u"kubeconfig: /dev/zero is larger than 16 MiB"_s);
}

void TestKubeConfig::clientCertificate_data()
{
    QTest::addColumn<int>("alg");
    QTest::addColumn<bool>("asData");
    QTest::newRow("rsa files") << 0 << false;
    QTest::newRow("rsa data") << 0 << true;
    QTest::newRow("ec files") << 1 << false;
    QTest::newRow("ec data") << 1 << true;
}

void TestKubeConfig::clientCertificate()
{
    QFETCH(int, alg);
    QFETCH(bool, asData);
    QTemporaryDir dir;
    write(dir, u"k/client.crt"_s, m_certPem[alg]);
    write(dir, u"k/client.key"_s, m_keyPem[alg]);
    const QByteArray user = asData ? "    client-certificate-data: " + m_certPem[alg].toBase64()
            + "\n    client-key-data: " + m_keyPem[alg].toBase64() + "\n"
                                   : QByteArray("    client-certificate: client.crt\n    client-key: client.key\n");
    const QString path = write(dir, u"k/config"_s, simpleConfig({}, user));
    QString error;
    const KubeTarget t = KubeConfig::load(path, &error).select({}, u"ns"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    KubeCredentials creds(t);
    const KubeCredential c = creds.current();
    QVERIFY2(c.ok(), qPrintable(c.error));
    QVERIFY(c.bearerToken.isEmpty());
    QCOMPARE(c.clientCertificate.subjectInfo(QSslCertificate::CommonName), QStringList{u"sagadeck-test"_s});
    QVERIFY(!c.clientKey.isNull());
    QCOMPARE(c.clientKey.algorithm(), alg == 0 ? QSsl::Rsa : QSsl::Ec);
}

void TestKubeConfig::execPluginCachedUntilExpiry()
{
    QTemporaryDir dir;
    // The plugin counts its runs, checks it got KUBERNETES_EXEC_INFO and its env entry, and
    // prints a token that expires in an hour.
    const QString counter = dir.filePath(u"runs"_s);
    write(
        dir, u"bin/plugin.sh"_s,
        "#!/bin/sh\necho run >> \"$COUNTER\"\n"
        "case \"$KUBERNETES_EXEC_INFO\" in *'\"interactive\":false'*) ;; *) exit 3;; esac\n"
        "[ \"$1\" = get-token ] || exit 4\n"
        "exp=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)\n"
        "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"token\":\"tok-%s\",\"expirationTimestamp\":\"%s\"}}' \"$(wc -l < \"$COUNTER\" | tr -d ' ')\" \"$exp\"\n",
        true);
    const QByteArray user = "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                            "      command: ./bin/plugin.sh\n      args: [get-token]\n"
                            "      interactiveMode: Never\n"
                            "      env:\n      - name: COUNTER\n        value: "
        + counter.toUtf8() + "\n";
    const QString path = write(dir, u"config"_s, simpleConfig({}, user));
    QString error;
    const KubeTarget t = KubeConfig::load(path, &error).select({}, u"ns"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(t.credential.exec.command, dir.filePath(u"bin/plugin.sh"_s)); // relative to the kubeconfig

    QDateTime now = QDateTime::currentDateTimeUtc();
    KubeCredentials creds(t);
    creds.setClock([&now] { return now; });
    KubeCredential c = creds.current();
    QVERIFY2(c.ok(), qPrintable(c.error));
    QCOMPARE(c.bearerToken, QByteArray("tok-1"));
    now = now.addSecs(30 * 60); // still valid: cached
    QCOMPARE(creds.current().bearerToken, QByteArray("tok-1"));
    QCOMPARE(creds.execRuns(), 1);
    now = now.addSecs(30 * 60); // at expiry (inside the refresh margin): run again
    c = creds.current();
    QCOMPARE(c.bearerToken, QByteArray("tok-2"));
    QCOMPARE(creds.execRuns(), 2);
    creds.invalidate(); // a 401 forces a new run
    QCOMPARE(creds.current().bearerToken, QByteArray("tok-3"));
    QCOMPARE(creds.execRuns(), 3);
}

void TestKubeConfig::execPluginFailures_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QByteArray>("extra"); // more exec keys
    QTest::addColumn<QString>("expected"); // %1 = command path
    QTest::newRow("non-zero exit") << QByteArray("echo 'token expired, run login' >&2; exit 2") << QByteArray()
                                   << u"exec plugin %1 failed (exit code 2): token expired, run login"_s;
    QTest::newRow("malformed output") << QByteArray("echo not-json") << QByteArray()
                                      << u"exec plugin %1 printed no ExecCredential JSON"_s;
    QTest::newRow("wrong apiVersion")
        << QByteArray(
               "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"x\"}}'")
        << QByteArray()
        << u"exec plugin %1 answered with apiVersion 'client.authentication.k8s.io/v1beta1', but the kubeconfig asks for 'client.authentication.k8s.io/v1'"_s;
    QTest::newRow("no token") << QByteArray(
        "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{}}'")
                              << QByteArray() << u"exec plugin %1 printed an ExecCredential without status"_s;
    QTest::newRow("timeout") << QByteArray("sleep 5") << QByteArray()
                             << u"exec plugin %1 did not finish within 0.3 s"_s;
    QTest::newRow("not installed") << QByteArray() << QByteArray("      installHint: install it with apt\n")
                                   << u"exec plugin %1 could not be started: "_s;
}

void TestKubeConfig::execPluginFailures()
{
    QFETCH(QByteArray, script);
    QFETCH(QByteArray, extra);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QString command = dir.filePath(u"plugin.sh"_s);
    if (!script.isEmpty())
        write(dir, u"plugin.sh"_s, "#!/bin/sh\n" + script + "\n", true);
    const QByteArray user = "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                            "      command: "
        + command.toUtf8() + "\n      interactiveMode: IfAvailable\n" + extra;
    const QString path = write(dir, u"config"_s, simpleConfig({}, user));
    QString error;
    const KubeTarget t = KubeConfig::load(path, &error).select({}, u"ns"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    KubeCredentials creds(t);
    creds.setExecTimeoutMs(300);
    const KubeCredential c = creds.current();
    QVERIFY(!c.ok());
    QVERIFY2(c.error.startsWith(expected.arg(command)), qPrintable(c.error));
    if (!extra.isEmpty())
        QVERIFY2(c.error.endsWith(u" — install it with apt"_s), qPrintable(c.error));
    // A failure is not cached: the next request tries again.
    creds.current();
    QCOMPARE(creds.execRuns(), 2);
}

void TestKubeConfig::execInfo()
{
    KubeTarget t;
    t.server = u"https://127.0.0.1:6443"_s;
    t.caPem = caPem;
    t.credential.hasExec = true;
    t.credential.exec.apiVersion = u"client.authentication.k8s.io/v1beta1"_s;
    QCOMPARE(KubeCredentials::execInfo(t),
             QByteArray("{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
                        "\"spec\":{\"interactive\":false}}"));
    t.credential.exec.provideClusterInfo = true;
    QCOMPARE(KubeCredentials::execInfo(t),
             QByteArray("{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
                        "\"spec\":{\"cluster\":{\"certificate-authority-data\":\""
                        + caPem.toBase64() + "\",\"server\":\"https://127.0.0.1:6443\"},\"interactive\":false}}"));
}

QTEST_GUILESS_MAIN(TestKubeConfig)
#include "tst_kubeconfig.moc"
