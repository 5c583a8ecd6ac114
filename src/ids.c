/* ids.c: checks of French identifiers (SIREN, SIRET, RNA, postcodes) and of record ids used in file names. */
#include <string.h>

#include "ids.h"

/* 1 when s is exactly n decimal digits. */
static int
ids_digits(const char *s, size_t n)
{
	size_t	 i;

	if (s == NULL || strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Luhn: doubling every second digit from the right, the sum is a
 * multiple of 10.  0 for an empty string or any non-digit. */
int
luhn_valid(const char *s)
{
	size_t	 n, i;
	int	 sum = 0, v;

	if (s == NULL || (n = strlen(s)) == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[n - 1 - i] < '0' || s[n - 1 - i] > '9')
			return 0;
		v = s[n - 1 - i] - '0';
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* 9 digits passing Luhn. */
int
siren_valid(const char *s)
{
	return ids_digits(s, 9) && luhn_valid(s);
}

/* 14 digits passing Luhn.  La Poste (SIREN 356000000) has more
 * establishments than Luhn keys: its SIRETs pass when their digit sum is
 * divisible by 5; its head office, 35600000000048 (digit sum 26), is
 * one of those that still pass Luhn. */
int
siret_valid(const char *s)
{
	const char	*p;
	int		 sum = 0;

	if (!ids_digits(s, 14))
		return 0;
	if (luhn_valid(s))
		return 1;
	if (strncmp(s, "356000000", 9) != 0)
		return 0;
	for (p = s; *p != '\0'; p++)
		sum += *p - '0';
	return sum % 5 == 0;
}

/* "W" and 9 digits.  Deliberately digits only: the prefecture part of
 * the number is a digit code on this territory (Nord, "W59..."). */
int
rna_valid(const char *s)
{
	return s != NULL && s[0] == 'W' && ids_digits(s + 1, 9);
}

/* 5 digits whose department part is 01-95 (2A/2B are written 20 in
 * postcodes), 97x (overseas departments) or 98x (overseas collectivities,
 * Monaco). */
int
postcode_valid(const char *s)
{
	int	 dep;

	if (!ids_digits(s, 5))
		return 0;
	dep = (s[0] - '0') * 10 + (s[1] - '0');
	return (dep >= 1 && dep <= 95) || dep == 97 || dep == 98;
}

/* 1-64 characters of [A-Za-z0-9._-], not starting with '.' or '-':
 * never "..", never a path, never a hidden or option-like name. */
int
record_id_valid(const char *s)
{
	size_t	 n, i;

	if (s == NULL || (n = strlen(s)) == 0 || n > 64 ||
	    s[0] == '.' || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}
