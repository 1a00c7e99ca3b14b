#pragma once

#include <QIcon>
#include <QPushButton>

class QLabel;

namespace sagadeck {

// A summary tile: shape glyph, a big value and a caption, with an accent bar in the status
// colour. A button, so it can be clicked and reached by keyboard (e.g. to filter by it).
class StatusTile : public QPushButton
{
    Q_OBJECT
public:
    StatusTile(const QString &caption, const QIcon &icon, const QColor &accent, QWidget *parent = nullptr);

    void setValue(const QString &value);
    QString value() const;
    QString caption() const;
    void setDetail(const QString &detail);
    QString detail() const;
    // A tile whose verdict changes (the overview's): new shape and colour.
    void setAccent(const QIcon &icon, const QColor &accent);

private:
    QLabel *m_value;
    QLabel *m_caption;
    QLabel *m_detail;
    QLabel *m_glyph;
};

} // namespace sagadeck
