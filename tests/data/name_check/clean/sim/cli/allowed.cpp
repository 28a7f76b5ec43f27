// A file of sim/ that the name check accepts: comments may name marina, "pp_marina" or top_k.
#include "methods/algorithms/method_registry.hpp"

/* A block comment naming "diana" and "rand_k". */
const char* kProgram = "marina-sim: error: ";          // a name glued to '-' is another word
const char* kCategory = "marina.thres";                // ... or to '.'
const char* kProperty = "marina/link_wattage_range";   // ... or to '/'
const char* kEnglish = "hosts in natural name order";  // a name that is also English, listed
const char kQuote = '"';                               // a character literal is not a string
const char* kRaw = R"(marina-sim keys)";
