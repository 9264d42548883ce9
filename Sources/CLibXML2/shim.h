// Debian's libxml2 headers pull ICU headers that clash with Foundation's; the
// reader never needs ICU, so it is switched off before any other libxml header.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

// libxml2 reports some errors (e.g. encoding conversion) through its generic, variadic
// error callback, which Swift cannot implement: a silent one lives here. Every error that
// matters reaches the reader's structured handler too.
static void apx_xml_silent(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

static inline void apx_xml_quiet(void) {
    xmlSetGenericErrorFunc(NULL, apx_xml_silent);
    xmlThrDefSetGenericErrorFunc(NULL, apx_xml_silent);
}
