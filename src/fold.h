/* fold.h: fold place names to a comparison key (case, accents, punctuation, "St"/"Saint"). */
#ifndef ESSDOCS_FOLD_H
#define ESSDOCS_FOLD_H

/*
 * Return a new string (the caller frees it) that is the comparison key of
 * the UTF-8 name utf8: lower-case ASCII letters and digits only.  Letters
 * of Latin-1 and Latin Extended-A lose their accents ("É" -> "e", "œ" ->
 * "oe", "ß" -> "ss"), combining accents are dropped; hyphens, apostrophes
 * (' and ’), spaces, dots and other punctuation separate words and are
 * removed; the whole words "st" and "ste" become "saint" and "sainte".
 * So "ST SAULVE", "St-Saulve" and "Saint-Saulve" all give "saintsaulve",
 * while "Estreux" stays "estreux".  Code points it cannot fold are kept
 * as they are; an invalid UTF-8 byte becomes "?".  NULL gives NULL.
 */
char	*fold_name(const char *utf8);

/*
 * The ASCII letters of a Latin-1 Supplement or Latin Extended-A letter
 * (U+00C0..U+017F), case kept: "É" -> "E", "œ" -> "oe", "ß" -> "ss";
 * "" for × and ÷; NULL for any other code point.
 */
const char *fold_latin(long cp);

#endif
