#include "CommandLineOptions.h"

#include "ActCommand.h"
#include "DeepLink.h"
#include "PageCatalog.h"
#include "Theme.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sagadeck {

CommandLineOptions CommandLineOptions::parse(const QStringList &arguments)
{
    if (arguments.size() > 1 && arguments.at(1) == u"act"_s)
        return parseActCommandLine(arguments);
    const bool snapshot = arguments.size() > 1 && arguments.at(1) == u"snapshot"_s;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        snapshot ? u"Render one page headless once its feeds have answered, and write it as PNG and "
                   u"its values as JSON. Exits 1 with the reason if a feed failed or timed out."_s
                 : u"Operations console for saga-based microservices: saga states from Postgres, "
                   u"consumer lag from Kafka, latency and error rates from Prometheus, and audited "
                   u"operator actions.\n\nCommands:\n  snapshot   render a page headless to PNG and "
                   u"JSON (see 'sagadeck snapshot --help')\n  act        retry or compensate sagas, audited "
                   u"(see 'sagadeck act --help')"_s);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption config(u"config"_s, u"Profiles file (default: ~/.config/sagadeck/profiles.yaml)."_s,
                                    u"file"_s);
    const QCommandLineOption profile(u"profile"_s, u"Connection profile to use (default: the file's current one)."_s,
                                     u"name"_s);
    const QCommandLineOption page(u"page"_s, u"Page <id>: "_s + pageIds().join(u", "_s) + u"."_s, u"id"_s);
    const QCommandLineOption screenshot(u"screenshot"_s,
                                        u"Render the window to the PNG <file> once it is shown, then exit "
                                        u"(with QT_QPA_PLATFORM=offscreen this needs no display)."_s,
                                        u"file"_s);
    const QCommandLineOption readOnly(u"read-only"_s,
                                      u"Refuse every mutating request (actions), whatever the profile says."_s);
    const QCommandLineOption warRoom(
        u"war-room"_s,
        u"War-room display: full screen, large type, high-contrast theme, read-only, a clock and "
        u"a banner whenever a feed is not Live (F11 or Esc leaves it)."_s);
    const QCommandLineOption rotate(u"rotate"_s, u"With --war-room: show the next page every <s> seconds (0: off)."_s,
                                    u"s"_s);
    QStringList themes;
    for (ThemeId id : allThemes())
        themes << themeName(id);
    const QCommandLineOption theme(
        u"theme"_s, u"Colour theme: "_s + themes.join(u", "_s) + u" (default: the last one chosen, else light)."_s,
        u"name"_s);
    const QCommandLineOption png(u"png"_s, u"Write the rendered page to <file>."_s, u"file"_s);
    const QCommandLineOption json(u"json"_s, u"Write the page's values to <file>."_s, u"file"_s);
    const QCommandLineOption timeout(u"timeout"_s, u"Seconds to wait for the feeds (default 20)."_s, u"s"_s);
    const QCommandLineOption saga(u"saga"_s,
                                  u"Show saga <id> on the Sagas page: in the console already running for "
                                  u"this user, or in this one. A sagadeck://saga/<id> link does the same."_s,
                                  u"id"_s);
    parser.addOption(config);
    parser.addOption(profile);
    parser.addOption(page);
    parser.addOption(readOnly);
    parser.addOption(warRoom);
    parser.addOption(rotate);
    parser.addOption(theme);
    if (snapshot) {
        parser.addPositionalArgument(u"snapshot"_s, u"The snapshot command."_s);
        parser.addOption(png);
        parser.addOption(json);
        parser.addOption(timeout);
    } else {
        parser.addOption(screenshot);
        parser.addOption(saga);
        parser.addPositionalArgument(u"link"_s, u"A sagadeck://saga/<id> link (what --saga does)."_s, u"[link]"_s);
    }

    CommandLineOptions result;
    auto fail = [&result](const QString &why) {
        result = CommandLineOptions{}; // an error carries nothing half-parsed
        result.mode = Mode::Error;
        result.message = u"sagadeck: "_s + why + u"\nTry 'sagadeck --help' for more information."_s;
        return result;
    };

    if (!parser.parse(arguments))
        return fail(parser.errorText());
    QStringList positional = parser.positionalArguments().mid(snapshot ? 1 : 0);
    // The desktop file hands a clicked sagadeck:// link over as the one argument.
    QString link = snapshot ? QString() : parser.value(saga);
    if (!snapshot && !positional.isEmpty() && positional.first().startsWith(u"sagadeck:"_s, Qt::CaseInsensitive))
        link = positional.takeFirst();
    if (!positional.isEmpty())
        return fail(u"unexpected argument '%1'"_s.arg(positional.first()));
    if (parser.isSet(help)) {
        result.mode = Mode::Help;
        result.message = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.mode = Mode::Version;
        result.message = QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion();
        return result;
    }
    if (!link.isEmpty()) {
        QString why;
        const std::optional<QUuid> id = sagaFromLink(link, &why);
        if (!id)
            return fail(why);
        result.saga = *id;
    }
    result.configPath = parser.value(config);
    result.profile = parser.value(profile);
    result.readOnly = parser.isSet(readOnly);
    result.warRoom = parser.isSet(warRoom);
    if (parser.isSet(rotate)) {
        bool ok = false;
        result.rotateS = parser.value(rotate).toInt(&ok);
        if (!ok || result.rotateS < 0)
            return fail(u"--rotate takes a whole number of seconds (0: off)"_s);
        if (result.rotateS > 0 && result.rotateS < 5)
            return fail(u"--rotate below 5 s leaves no time to read a page"_s);
        if (!result.warRoom)
            return fail(u"--rotate only applies with --war-room"_s);
    }
    if (parser.isSet(theme)) {
        result.theme = parser.value(theme).trimmed().toLower();
        if (!themeFromName(result.theme))
            return fail(u"unknown theme '%1' (themes: %2)"_s.arg(parser.value(theme), themes.join(u", "_s)));
    }
    if (parser.isSet(page)) {
        result.page = parser.value(page);
        if (pageIndexOf(result.page) < 0)
            return fail(u"unknown page '%1' (pages: %2)"_s.arg(result.page, pageIds().join(u", "_s)));
    }
    if (!snapshot) {
        result.screenshotPath = parser.value(screenshot);
        return result;
    }
    result.mode = Mode::Snapshot;
    if (result.page.isEmpty())
        return fail(u"snapshot needs --page (pages: %1)"_s.arg(pageIds().join(u", "_s)));
    result.pngPath = parser.value(png);
    result.jsonPath = parser.value(json);
    if (result.pngPath.isEmpty() && result.jsonPath.isEmpty())
        return fail(u"snapshot needs --png FILE, --json FILE or both"_s);
    if (parser.isSet(timeout)) {
        bool ok = false;
        result.timeoutS = parser.value(timeout).toInt(&ok);
        if (!ok || result.timeoutS <= 0)
            return fail(u"--timeout takes a whole number of seconds above 0"_s);
    }
    return result;
}

} // namespace sagadeck
