// A file of sim/ that names methods and compressors in strings: the name check refuses it.
const char* kDefault = "marina";
const char* kHint = "only pp_marina samples r of n";
const char* kOverride = "compressor.name=top_k";
const char* kRaw = R"x(natural_dithering)x";
