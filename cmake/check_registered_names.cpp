// The build's name check (issue 17): sim/ asks the registries of methods/ what exists and
// holds no list of names, so no string literal in sim/ may name a registered method,
// compressor or problem. Run by the build before any part of sim/ compiles:
//   marina_name_check ROOT [STAMP]
// scans ROOT/sim/**/*.{cpp,hpp}, prints one line per literal that names one and exits 1, or
// touches STAMP and exits 0. Comments are not strings: they may name methods.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "methods/algorithms/method_registry.hpp"
#include "methods/compressors/compressor_registry.hpp"
#include "methods/problems/problem_registry.hpp"

namespace fs = std::filesystem;

namespace {

struct Literal {
  std::string text;
  long line;
};

struct Name {
  std::string name, kind;
};

// English phrases that contain a registered name as an ordinary word.
const std::vector<std::string> kPlainEnglish = {
    "in natural name order",  // platform.workers: hosts sorted the way people count
};

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// A raw string R"delim( ... )delim" starting at text[i] == 'R'; returns its end or npos.
std::size_t raw_string_end(const std::string& text, std::size_t i, std::string& body) {
  const std::size_t open = text.find('(', i + 2);
  if (open == std::string::npos) return std::string::npos;
  const std::string close = ")" + text.substr(i + 2, open - i - 2) + "\"";
  const std::size_t end = text.find(close, open + 1);
  if (end == std::string::npos) return std::string::npos;
  body = text.substr(open + 1, end - open - 1);
  return end + close.size();
}

// The string literals of a C++ source, comments and character literals skipped.
std::vector<Literal> string_literals(const std::string& text) {
  std::vector<Literal> out;
  long line = 1;
  std::size_t i = 0;
  const auto count_lines = [&](std::size_t from, std::size_t to) {
    line += std::count(text.begin() + static_cast<long>(from), text.begin() + static_cast<long>(to), '\n');
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      i = text.find('\n', i);
      if (i == std::string::npos) break;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const std::size_t end = text.find("*/", i + 2);
      const std::size_t stop = end == std::string::npos ? text.size() : end + 2;
      count_lines(i, stop);
      i = stop;
    } else if (c == 'R' && i + 1 < text.size() && text[i + 1] == '"' && (i == 0 || !is_word_char(text[i - 1]))) {
      std::string body;
      const std::size_t end = raw_string_end(text, i, body);
      if (end == std::string::npos) break;
      out.push_back({body, line});
      count_lines(i, end);
      i = end;
    } else if (c == '"' || (c == '\'' && (i == 0 || !is_word_char(text[i - 1])))) {
      std::string body;
      std::size_t j = i + 1;
      for (; j < text.size() && text[j] != c && text[j] != '\n'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size()) body += text[j++];
        body += text[j];
      }
      if (c == '"') out.push_back({body, line});
      i = j + 1;
    } else {
      if (c == '\n') ++line;
      ++i;
    }
  }
  return out;
}

// Names standing as words in a literal. A name glued to '-', '.' or '/' is part of another
// word ("marina-sim", the log category "marina.thres", a "marina/..." property).
std::set<std::string> named_in(std::string literal, const std::vector<Name>& names) {
  for (const std::string& phrase : kPlainEnglish)
    for (std::size_t at = literal.find(phrase); at != std::string::npos; at = literal.find(phrase, at))
      literal.replace(at, phrase.size(), std::string(phrase.size(), ' '));
  std::set<std::string> found;
  for (std::size_t i = 0; i < literal.size();) {
    if (!is_word_char(literal[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < literal.size() && is_word_char(literal[j])) ++j;
    const std::string word = literal.substr(i, j - i);
    const auto glued = [&](std::size_t k) { return literal[k] == '-' || literal[k] == '.' || literal[k] == '/'; };
    const bool part_of_other_word = (i > 0 && glued(i - 1)) || (j < literal.size() && glued(j));
    if (!part_of_other_word)
      for (const Name& n : names)
        if (n.name == word) found.insert(n.kind + " '" + n.name + "'");
    i = j;
  }
  return found;
}

std::vector<Name> registered_names() {
  std::vector<Name> names;
  for (const auto& m : marina::registered_methods()) names.push_back({m.name, "method"});
  for (const auto& c : marina::registered_compressors()) names.push_back({c.name, "compressor"});
  for (const auto& p : marina::registered_problems()) names.push_back({p.name, "problem"});
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: marina_name_check ROOT [STAMP]\n");
    return 2;
  }
  const fs::path root = argv[1];
  const std::vector<Name> names = registered_names();
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root / "sim"))
    if (entry.path().extension() == ".cpp" || entry.path().extension() == ".hpp") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  int violations = 0;
  for (const fs::path& file : files) {
    for (const Literal& lit : string_literals(read_file(file))) {
      for (const std::string& what : named_in(lit.text, names)) {
        std::fprintf(stderr, "%s:%ld: the string \"%s\" names the %s; sim/ asks the registries of methods/ instead\n",
                     fs::relative(file, root).c_str(), lit.line, lit.text.c_str(), what.c_str());
        ++violations;
      }
    }
  }
  if (violations > 0) {
    std::fprintf(stderr, "name check: %d string(s) in sim/ name a registered method, compressor or problem "
                         "(docs/extending.md)\n", violations);
    return 1;
  }
  if (argc == 3) std::ofstream(argv[2]).put('\n');
  return 0;
}
