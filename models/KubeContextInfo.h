#pragma once

#include <QMetaType>
#include <QString>

namespace sagadeck {

// Which cluster and identity the console talks to, as the Services page and the action
// previews show it. No secrets.
struct KubeContextInfo
{
    QString server;
    QString context;
    QString cluster;
    QString user;
    QString ns;
    bool insecureSkipTlsVerify = false; // shown as a red "TLS not verified" badge

    bool isKnown() const { return !server.isEmpty(); }
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::KubeContextInfo)
