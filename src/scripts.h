/* scripts.h: writing systems named in the user's language. */
#ifndef ESSDOCS_SCRIPTS_H
#define ESSDOCS_SCRIPTS_H

/*
 * The name of libunistring's script uc ("Hebrew", "Canadian_Aboriginal")
 * as a message says it after "script" / "l'écriture": "Hebrew",
 * "Canadian Aboriginal" in English, "hébraïque", "syllabique autochtone
 * canadienne" in French (through _(): French in French mode, i18n.h).
 * A script the table does not know keeps its own name.
 */
const char	*script_name(const char *uc);
/* 1 when script_name() knows uc. */
int		 script_known(const char *uc);

#endif
