# locale.sh: sourced by the tests that run under a French locale.
# have_locale NAME: NAME (e.g. fr_FR.UTF-8) is installed, generated here
# with localedef (Debian's `locales`, in .ci/install-deps) when missing.
have_locale() {
	local want norm
	want=$1
	norm=$(echo "$want" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
	if locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$norm"; then
		return 0
	fi
	localedef -i "${want%%.*}" -f UTF-8 "$want" >/dev/null 2>&1 ||
	    { [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null &&
	    sudo -n localedef -i "${want%%.*}" -f UTF-8 "$want" >/dev/null 2>&1; }
	locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$norm"
}
