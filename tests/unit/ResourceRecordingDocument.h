#pragma once
// A text document that records every resource its layout asks for (an <img>, a stylesheet)
// instead of loading it: what a tooltip or rich-text label would fetch when shown. Laid out
// at once, so a test can see the requests without drawing anything.
#include <QAbstractTextDocumentLayout>
#include <QTextDocument>
#include <QUrl>

class ResourceRecordingDocument : public QTextDocument
{
public:
    explicit ResourceRecordingDocument(const QString &html)
    {
        setHtml(html);
        (void)documentLayout()->documentSize(); // the layout is what asks for images
    }
    QList<QUrl> requested;

protected:
    QVariant loadResource(int type, const QUrl &name) override
    {
        Q_UNUSED(type);
        requested << name;
        return {};
    }
};
