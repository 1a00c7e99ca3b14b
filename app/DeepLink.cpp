#include "DeepLink.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sagadeck {

std::optional<QUuid> sagaFromLink(const QString &link, QString *error)
{
    QString text = link.trimmed();
    if (text.startsWith(u"sagadeck:"_s, Qt::CaseInsensitive)) {
        const QUrl url(text, QUrl::StrictMode);
        // sagadeck://saga/ID: "saga" is the URL's host, the id its path.
        if (!url.isValid() || url.host().compare(u"saga"_s, Qt::CaseInsensitive) != 0) {
            *error = u"'%1' is not a saga link (expected sagadeck://saga/ID)"_s.arg(link);
            return std::nullopt;
        }
        text = url.path();
        while (text.startsWith(u'/'))
            text.remove(0, 1);
        while (text.endsWith(u'/'))
            text.chop(1);
    }
    const QUuid id = QUuid::fromString(text);
    if (id.isNull()) {
        *error = u"'%1' is not a saga id (expected a UUID)"_s.arg(text);
        return std::nullopt;
    }
    return id;
}

QString deepLinkSocketPath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    return dir + u"/sagadeck-console.sock"_s;
}

std::optional<QString> openInRunningConsole(const QUuid &id, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(deepLinkSocketPath());
    if (!socket.waitForConnected(std::min(timeoutMs, 1000)))
        return std::nullopt; // nobody listens: this process becomes the console
    socket.write("saga " + id.toString(QUuid::WithoutBraces).toLatin1() + '\n');
    if (!socket.waitForBytesWritten(timeoutMs))
        return std::nullopt;
    QByteArray line;
    QElapsedTimer clock;
    clock.start();
    while (!line.contains('\n') && clock.elapsed() < timeoutMs) {
        if (!socket.waitForReadyRead(int(timeoutMs - clock.elapsed())) && socket.bytesAvailable() == 0)
            break;
        line += socket.readAll();
    }
    if (!line.contains('\n'))
        return std::nullopt;
    return QString::fromUtf8(line.left(line.indexOf('\n')));
}

DeepLinkServer::DeepLinkServer(Open open, QObject *parent)
    : QObject(parent)
    , m_open(std::move(open))
    , m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption); // this user only
    connect(m_server, &QLocalServer::newConnection, this, &DeepLinkServer::onConnection);
}

DeepLinkServer::~DeepLinkServer() = default;

bool DeepLinkServer::listen(QString *error)
{
    const QString path = deepLinkSocketPath();
    if (m_server->listen(path))
        return true;
    // A socket file left by a console that crashed answers nobody: take it over.
    QLocalSocket probe;
    probe.connectToServer(path);
    if (probe.waitForConnected(500)) {
        *error = u"another console of this user already opens saga links (%1)"_s.arg(path);
        return false;
    }
    QLocalServer::removeServer(path);
    if (m_server->listen(path))
        return true;
    *error = u"%1: %2"_s.arg(path, m_server->errorString());
    return false;
}

void DeepLinkServer::onConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        // A client that never finishes its line is dropped.
        QTimer::singleShot(10'000, socket, [socket] { socket->disconnectFromServer(); });
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > 256)
                    socket->disconnectFromServer();
                return;
            }
            const QString line = QString::fromUtf8(socket->readLine(256)).trimmed();
            QPointer<QLocalSocket> alive(socket);
            const auto reply = [alive](const QString &answer) {
                if (!alive)
                    return;
                alive->write(answer.toUtf8() + '\n');
                alive->flush();
                alive->disconnectFromServer();
            };
            QString error;
            const std::optional<QUuid> id = line.startsWith(u"saga "_s) ? sagaFromLink(line.mid(5), &error)
                                                                        : std::nullopt;
            if (!id) {
                reply(u"refused: "_s + (error.isEmpty() ? u"not a saga request"_s : error));
                return;
            }
            m_open(*id, reply);
        });
    }
}

} // namespace sagadeck
