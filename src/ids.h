/* ids.h: checks of French identifiers (SIREN, SIRET, RNA, postcodes) and of record ids. */
#ifndef ESSDOCS_IDS_H
#define ESSDOCS_IDS_H

/* Luhn check over a string of decimal digits; 0 if any non-digit. */
int	 luhn_valid(const char *);
/* 9 digits, Luhn. */
int	 siren_valid(const char *);
/* 14 digits, Luhn; La Poste's SIRETs (SIREN 356000000) also pass with a
 * digit sum divisible by 5 (its head office 35600000000048 passes Luhn). */
int	 siret_valid(const char *);
/* "W" followed by 9 digits (digits only: RNA numbers of Corsica,
 * "W2A..."/"W2B...", are not accepted; none on this territory). */
int	 rna_valid(const char *);
/* 5 digits, department 01-95, 2A/2B not used in postcodes, or 97x/98x. */
int	 postcode_valid(const char *);
/* A record id safe as a file-name component: 1-64 characters from
 * [A-Za-z0-9._-], not starting with '.' or '-'. */
int	 record_id_valid(const char *);

#endif
