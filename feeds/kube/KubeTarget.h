#pragma once

#include "KubeContextInfo.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

namespace sagadeck {

// A kubeconfig `user.exec` credential plugin (client.authentication.k8s.io v1 or v1beta1).
struct KubeExecConfig
{
    QString apiVersion; // client.authentication.k8s.io/v1 or /v1beta1
    QString command;    // resolved against the kubeconfig's folder when it has a '/'
    QStringList args;
    QList<QPair<QString, QString>> env; // added to the console's environment
    QString installHint;                // shown when the command cannot be started
    QString interactiveMode;            // Never | IfAvailable | Always (v1 requires it)
    bool provideClusterInfo = false;    // put spec.cluster into KUBERNETES_EXEC_INFO
};

// Where a request's credential comes from. Secrets stay in here only as long as the target
// lives; they are never logged or put into messages.
struct KubeCredentialSpec
{
    QByteArray token;                 // user.token
    QString tokenFile;                // user.tokenFile (absolute)
    QString clientCertificateFile;    // absolute
    QByteArray clientCertificateData; // PEM (decoded from base64)
    QString clientKeyFile;            // absolute
    QByteArray clientKeyData;         // PEM (decoded from base64)
    bool hasExec = false;
    KubeExecConfig exec;

    bool hasClientCertificate() const { return !clientCertificateFile.isEmpty() || !clientCertificateData.isEmpty(); }
    bool isEmpty() const { return token.isEmpty() && tokenFile.isEmpty() && !hasClientCertificate() && !hasExec; }
};

// Everything needed to talk to one cluster as one user, as selected by a kubeconfig context.
struct KubeTarget
{
    QString server; // https://host:port[/prefix]
    QString ns;     // the context's namespace, else the profile's default
    QString contextName;
    QString clusterName;
    QString userName;                   // the kubeconfig's user entry name
    QByteArray caPem;                   // empty: the system's trust store
    bool insecureSkipTlsVerify = false; // shown as a red "TLS not verified" badge
    KubeCredentialSpec credential;
    QString sourceFiles; // the kubeconfig file(s) it was loaded from

    bool isValid() const { return !server.isEmpty(); }
    // Who and where, for pages, previews and the audit log: the credential stays here.
    KubeContextInfo info() const { return {server, contextName, clusterName, userName, ns, insecureSkipTlsVerify}; }
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::KubeTarget)
