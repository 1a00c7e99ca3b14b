#pragma once

#include <QObject>
#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

class QLocalServer;

namespace sagadeck {

// `sagadeck --saga ID` and `sagadeck://saga/ID` (the desktop file's URL handler): the saga
// opened in the console already running for this user, or in a new one.

// The saga a link names: "sagadeck://saga/<uuid>" (a trailing slash allowed) or a bare UUID.
// Nothing on anything else, with the reason in `error`.
std::optional<QUuid> sagaFromLink(const QString &link, QString *error);

// Where the running console listens: a local socket in $XDG_RUNTIME_DIR (private to the user).
QString deepLinkSocketPath();

// Asks the running console to show the saga; its answer line ("shown <id> <STATUS>" once the
// saga's detail is on screen, "opened <id>: …" when it could not be loaded), or nothing when no
// console answers within `timeoutMs`.
std::optional<QString> openInRunningConsole(const QUuid &id, int timeoutMs);

// The running console's side: listens on deepLinkSocketPath() and calls `open` for each saga
// asked for; `open` answers through its callback (the line for the asking process).
class DeepLinkServer : public QObject
{
    Q_OBJECT
public:
    using Reply = std::function<void(const QString &line)>;
    using Open = std::function<void(const QUuid &id, const Reply &reply)>;

    explicit DeepLinkServer(Open open, QObject *parent = nullptr);
    ~DeepLinkServer() override;
    // False (with the reason) when the socket cannot be had: another console owns it.
    bool listen(QString *error);

private:
    void onConnection();

    Open m_open;
    QLocalServer *m_server;
};

} // namespace sagadeck
