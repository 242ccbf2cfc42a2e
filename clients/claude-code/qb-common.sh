# Shared by the Quota Broker scripts for Claude Code; sourced, not run.
# Settings come from the environment or from the config file written by install.sh
# (${QB_CONFIG:-$HOME/.config/quota-broker/claude-code.env}, KEY=value lines):
#   QB_URL     service address (default http://localhost:8080)
#   QB_KEY     API key of the team (sent as a bearer token)
#   QB_TEAM    team id (required)
#   QB_MEMBER  member id (optional)
#   QB_STATE_DIR  where unsent offsets and caches live (default $HOME/.quota-broker/claude-code)

qb_config=${QB_CONFIG:-${HOME:-.}/.config/quota-broker/claude-code.env}
if [ -r "$qb_config" ]; then
	# Values from the environment win over the file.
	while IFS='=' read -r qb_name qb_value; do
		case $qb_name in
		*[!A-Z0-9_]*) ;;
		QB_*)
			eval "qb_set=\${$qb_name+x}"
			if [ -z "$qb_set" ]; then
				eval "$qb_name=\$qb_value"
				export "${qb_name?}"
			fi
			;;
		esac
	done <"$qb_config"
fi
QB_URL=${QB_URL:-http://localhost:8080}
QB_URL=${QB_URL%/}
QB_STATE_DIR=${QB_STATE_DIR:-${HOME:-.}/.quota-broker/claude-code}
QB_TIMEOUT=${QB_TIMEOUT:-10}

# qb_curl METHOD PATH [curl options...]: prints the body, then the status code on a line of its own.
qb_curl() {
	qb_method=$1
	qb_path=$2
	shift 2
	if [ -n "${QB_KEY:-}" ]; then
		curl -sS -X "$qb_method" --max-time "$QB_TIMEOUT" -H "Authorization: Bearer $QB_KEY" \
			-w '\n%{http_code}\n' "$@" "$QB_URL$qb_path"
	else
		curl -sS -X "$qb_method" --max-time "$QB_TIMEOUT" -w '\n%{http_code}\n' "$@" "$QB_URL$qb_path"
	fi
}

# qb_urlencode TEXT
qb_urlencode() {
	jq -rn --arg v "$1" '$v | @uri'
}

# qb_now: the time now, RFC 3339 UTC.
qb_now() {
	date -u +%Y-%m-%dT%H:%M:%SZ
}
