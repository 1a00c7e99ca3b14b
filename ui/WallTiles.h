#pragma once

#include "ChartCatalog.h"

#include <QFont>
#include <QFrame>

class QLabel;

namespace sagadeck {

class TrendPlot;

// The wall's type, sized from the screen's height (a wall is read from across the room, so a
// size in points means nothing there). The headline numbers' digits are at least 8 % of it.
struct WallScale
{
    int screenHeight = 1080;
    QFont caption;       // tile captions, chart titles
    QFont value;         // the headline numbers
    QFont unit;          // beside a headline number
    QFont detail;        // the lines under a number
    QFont reading;       // a big chart's latest value
    QFont strip;         // "What changed" and the escalation contacts
    int valueHeight = 0; // a headline number's label: its digits and a little air
    int trendHeight = 0; // a tile's sparkline
    int pad = 0;
};
WallScale wallScale(int screenHeight, const QFont &base);
// The drawn height of a text's glyphs (the digits of "15.5" are what the room reads).
int inkHeight(const QFont &font, const QString &text);

// One wall tile: verdict shape and caption, the headline number with its unit, the trend over
// the last 30 minutes (the last action marked) and a few words of detail. Nothing to click.
class WallTile : public QFrame
{
    Q_OBJECT
public:
    WallTile(const QString &id, const QString &caption, QWidget *parent = nullptr);

    void applyScale(const WallScale &scale);
    // met, missed, at risk, no data: shape, word and colour.
    void setVerdict(const QString &verdict);
    void setNumber(const QString &number, const QString &unit);
    // Segments " · "-separated, most important first: as many as fit in the tile are shown.
    void setDetail(const QString &detail);

    QString id() const { return m_id; }
    QString caption() const { return m_captionText; }
    QString verdict() const { return m_verdict; }
    QString number() const;
    QString unit() const;
    QString detailShown() const;
    QLabel *numberLabel() const { return m_number; }
    TrendPlot *trend() const { return m_trend; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitDetail();

    QString m_id;
    QString m_captionText;
    QString m_verdict;
    QString m_detailText;
    int m_detailLines = 2;
    QLabel *m_caption;
    QLabel *m_number;
    QLabel *m_unit;
    QLabel *m_detail;
    TrendPlot *m_trend;
};

// One of the wall's big charts: title, latest value, thresholds in words, and the trend large.
class WallChart : public QFrame
{
    Q_OBJECT
public:
    WallChart(const QString &id, const QString &title, QWidget *parent = nullptr);

    void applyScale(const WallScale &scale);
    void setThresholds(const QVector<ChartThreshold> &thresholds, double scale);
    // `reading` is the latest value as the room reads it ("0.8 %"); `note` says what it is not
    // (old, no data, why).
    void setReading(const QString &reading, const QString &note, const QColor &color);

    QString id() const { return m_id; }
    QString title() const;
    QString reading() const;
    QString note() const;
    const QVector<ChartThreshold> &thresholds() const { return m_thresholds; }
    TrendPlot *trend() const { return m_trend; }

private:
    QString m_id;
    QVector<ChartThreshold> m_thresholds;
    QLabel *m_title;
    QLabel *m_reading;
    QLabel *m_note;
    TrendPlot *m_trend;
};

// Text a wrapped label may break inside long names (consumer groups, deployments): after
// '-', '_', '.', '/', '=' and ',' a zero-width space.
QString breakableText(const QString &text);
// A wall label: plain text (names and errors are untrusted), never wider than the layout gives
// it (a cut text is the text-fits test's to find, not a window wider than the screen).
QLabel *wallLabel(QWidget *parent, bool wrap);

} // namespace sagadeck
