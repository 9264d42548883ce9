// Debian's libxml2 headers pull ICU headers that clash with Foundation's; the
// reader never needs ICU, so it is switched off before any other libxml header.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
