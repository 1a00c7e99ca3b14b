#pragma once

#include "KubeTarget.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace sagadeck {

// A kubeconfig as kubectl reads it: one path or a ':'-separated list like $KUBECONFIG, merged
// by client-go's rules (for clusters, users and contexts the first file that defines a name
// wins; current-context comes from the first file that sets it; a listed file that does not
// exist is skipped, a list with no readable file is an error). Relative file references
// (certificate-authority, client-certificate, client-key, tokenFile, an exec command with a
// '/') are resolved against the folder of the file that defined them.
//
// Pure file reading, no network; call it off the GUI thread (KubeClient does, in start()).
// Every error is one plain sentence that names the file and the key.
class KubeConfig
{
public:
    static KubeConfig load(const QString &pathList, QString *error);
    // One kubeconfig given as text (pure but for certificate files it names); `file` names it
    // in messages and anchors relative paths. load() reads each of its files the same way.
    static KubeConfig parse(const QByteArray &yaml, const QString &file, QString *error);

    // The context named, else current-context; `fallbackNamespace` when the context has none.
    KubeTarget select(const QString &context, const QString &fallbackNamespace, QString *error) const;

    QString currentContext() const { return m_currentContext; }
    QStringList contextNames() const { return m_contexts.keys(); }
    QStringList files() const { return m_files; }

    struct Cluster
    {
        QString file;
        QString error; // set when the entry is unusable; reported if selected
        QString server;
        QString caFile;
        QByteArray caPem;
        bool insecure = false;
    };
    struct User
    {
        QString file;
        QString error;
        KubeCredentialSpec credential;
    };
    struct Context
    {
        QString file;
        QString cluster;
        QString user;
        QString ns;
    };

private:
    QString where() const;
    bool merge(const QString &file, const QByteArray &yaml, QString *error);

    QStringList m_files; // the files actually read, in order
    QString m_currentContext;
    QString m_currentContextFile;
    QMap<QString, Cluster> m_clusters;
    QMap<QString, User> m_users;
    QMap<QString, Context> m_contexts;
};

} // namespace sagadeck
