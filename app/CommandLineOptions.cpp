#include "CommandLineOptions.h"

#include "PageCatalog.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sagadeck {

CommandLineOptions CommandLineOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Operations console for saga-based microservices: saga states from Postgres, "
        u"consumer lag from Kafka, latency and error rates from Prometheus, and audited "
        u"operator actions."_s);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption page(u"page"_s,
                                  u"Start on page <id>: "_s + pageIds().join(u", "_s) + u"."_s,
                                  u"id"_s);
    const QCommandLineOption screenshot(
        u"screenshot"_s,
        u"Render the window to the PNG <file> once it is shown, then exit "
        u"(with QT_QPA_PLATFORM=offscreen this needs no display)."_s,
        u"file"_s);
    parser.addOption(page);
    parser.addOption(screenshot);

    CommandLineOptions result;
    auto fail = [&result](const QString &why) {
        result = CommandLineOptions{};   // an error carries nothing half-parsed
        result.mode = Mode::Error;
        result.message = u"sagadeck: "_s + why + u"\nTry 'sagadeck --help' for more information."_s;
        return result;
    };

    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return fail(u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));
    if (parser.isSet(help)) {
        result.mode = Mode::Help;
        result.message = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.mode = Mode::Version;
        result.message = QCoreApplication::applicationName() + u' '
            + QCoreApplication::applicationVersion();
        return result;
    }
    if (parser.isSet(page)) {
        result.page = parser.value(page);
        if (pageIndexOf(result.page) < 0)
            return fail(u"unknown page '%1' (pages: %2)"_s.arg(result.page,
                                                                 pageIds().join(u", "_s)));
    }
    result.screenshotPath = parser.value(screenshot);
    return result;
}

} // namespace sagadeck
