// The themes' palettes against WCAG contrast: every text, status and banner pair the console
// draws with reads at 4.5:1 or better (7:1 for the high-contrast theme's text), and the fixed
// saga and lag status colours are adjusted to read on every theme.
#include "LagStatusStyle.h"
#include "SagaStatusStyle.h"
#include "StatusGlyph.h"
#include "Theme.h"

#include <QApplication>
#include <QLabel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestTheme : public QObject
{
    Q_OBJECT
private slots:
    void contrastRatioMatchesWcag_data()
    {
        QTest::addColumn<QColor>("a");
        QTest::addColumn<QColor>("b");
        QTest::addColumn<double>("ratio");
        // Reference values from the WCAG 2 definition (relative luminance, +0.05 flare).
        QTest::newRow("black on white") << QColor(Qt::black) << QColor(Qt::white) << 21.0;
        QTest::newRow("same colour") << QColor(0x12, 0x34, 0x56) << QColor(0x12, 0x34, 0x56) << 1.0;
        QTest::newRow("#777 on white") << QColor(0x77, 0x77, 0x77) << QColor(Qt::white) << 4.478;
        QTest::newRow("#767676 on white") << QColor(0x76, 0x76, 0x76) << QColor(Qt::white) << 4.542;
        QTest::newRow("white on pure red") << QColor(Qt::white) << QColor(Qt::red) << 3.998;
    }
    void contrastRatioMatchesWcag()
    {
        QFETCH(QColor, a);
        QFETCH(QColor, b);
        QFETCH(double, ratio);
        QVERIFY2(qAbs(contrastRatio(a, b) - ratio) < 0.01,
                 qPrintable(u"%1 vs %2"_s.arg(contrastRatio(a, b)).arg(ratio)));
        QCOMPARE(contrastRatio(a, b), contrastRatio(b, a));
    }

    void everyPairReadsInEveryTheme_data()
    {
        QTest::addColumn<int>("theme");
        for (ThemeId id : allThemes())
            QTest::newRow(qPrintable(themeName(id))) << int(id);
    }
    void everyPairReadsInEveryTheme()
    {
        QFETCH(int, theme);
        const ThemeColors &c = themeColors(ThemeId(theme));
        const QVector<ContrastPair> pairs = contrastPairs(c);
        QVERIFY(pairs.size() >= 20);
        for (const ContrastPair &p : pairs) {
            QVERIFY2(p.foreground.isValid() && p.background.isValid(), qPrintable(p.name));
            const double r = contrastRatio(p.foreground, p.background);
            QVERIFY2(
                r >= p.minimum,
                qPrintable(u"%1: %2 on %3 is %4:1, needs %5:1"_s.arg(p.name, p.foreground.name(), p.background.name())
                               .arg(r, 0, 'f', 2)
                               .arg(p.minimum)));
        }
    }

    void statusColoursAreAdjustedToTheTheme_data() { everyPairReadsInEveryTheme_data(); }
    void statusColoursAreAdjustedToTheTheme()
    {
        QFETCH(int, theme);
        applyTheme(ThemeId(theme));
        const ThemeColors &c = currentTheme();
        QCOMPARE(int(c.id), theme);
        QVector<std::pair<QString, QColor>> colours;
        for (SagaStatus s : {SagaStatus::Started, SagaStatus::InProgress, SagaStatus::Compensating,
                             SagaStatus::Completed, SagaStatus::Failed, SagaStatus::Compensated, SagaStatus::Unknown})
            colours.append({u"saga status %1"_s.arg(int(s)), sagaStatusColor(s)});
        for (LagStatus s : {LagStatus::Pending, LagStatus::Ok, LagStatus::Unknown, LagStatus::Warn, LagStatus::Rewind,
                            LagStatus::Stall, LagStatus::Stop})
            colours.append({u"lag status %1"_s.arg(int(s)), lagStatusColor(s)});
        for (Replication r : {Replication::Ok, Replication::UnderReplicated, Replication::Leaderless})
            colours.append({u"replication %1"_s.arg(int(r)), replicationColor(r)});
        for (FeedState s :
             {FeedState::Connecting, FeedState::Live, FeedState::Stale, FeedState::Down, FeedState::Disabled})
            colours.append({u"feed state %1"_s.arg(int(s)), stateColor(s)});
        for (const auto &[name, colour] : colours)
            for (const QColor &bg : {c.base, c.window})
                QVERIFY2(contrastRatio(colour, bg) >= 4.5,
                         qPrintable(u"%1: %2 on %3 is %4:1"_s.arg(name, colour.name(), bg.name())
                                        .arg(contrastRatio(colour, bg), 0, 'f', 2)));
    }

    void withContrastKeepsColoursThatAlreadyRead()
    {
        const QColor fine(0x1b, 0x7a, 0x38);
        QCOMPARE(withContrast(fine, Qt::white).name(), fine.name());
        const QColor tooDark(0x1b, 0x7a, 0x38);
        const QColor lifted = withContrast(tooDark, Qt::black, 7.0);
        QVERIFY(contrastRatio(lifted, Qt::black) >= 7.0);
        QVERIFY(lifted.lightness() > tooDark.lightness());
    }

    void themesAreNamedForTheCommandLine()
    {
        for (ThemeId id : allThemes())
            QCOMPARE(themeFromName(themeName(id)), std::optional<ThemeId>(id));
        QCOMPARE(themeFromName(u"High-Contrast"_s), std::optional<ThemeId>(ThemeId::HighContrast));
        QVERIFY(!themeFromName(u"solarized"_s));
    }

    void applyingAThemeSetsThePaletteAndRoles()
    {
        applyTheme(ThemeId::Dark);
        QCOMPARE(QApplication::palette().color(QPalette::Base), themeColors(ThemeId::Dark).base);
        QLabel banner(u"Kafka is Down"_s);
        setRole(&banner, "problem");
        banner.ensurePolished();
        QCOMPARE(banner.palette().color(QPalette::Window), themeColors(ThemeId::Dark).problemBg);
        QCOMPARE(banner.palette().color(QPalette::WindowText), themeColors(ThemeId::Dark).problemFg);
        applyTheme(ThemeId::Light);
        QCOMPARE(QApplication::palette().color(QPalette::Base), themeColors(ThemeId::Light).base);
    }
};

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
