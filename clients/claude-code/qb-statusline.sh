#!/bin/sh
# Quota Broker status line for Claude Code: the team's pools, tightest first.
# usage: qb-statusline.sh < statusline-input.json   -> "5h 62% · wk 41% · resets 14:00"
#
# One call to GET /teams/{team}/availability, cached for QB_STATUS_CACHE_SECONDS (default 5).
# Each pool is coloured by its status (green, yellow, orange, red); the reset time is the
# tightest pool's next reset, or when its oldest usage rolls off, in local time.
# QB_STATUS_LABELS maps pool ids to short labels ("session=5h,weekly=wk"; default: the id).
# The rate_limits object Claude Code passes in (five_hour, seven_day) is forwarded as an
# observation to the pools named by QB_POOL_5H and QB_POOL_7D, when it changed; a service
# without observations (404) or a service that is down is ignored silently.
set -eu
case ${1:-} in -h | --help)
	echo "usage: qb-statusline.sh < statusline-input.json  (settings: QB_URL QB_KEY QB_TEAM [QB_STATUS_LABELS QB_POOL_5H QB_POOL_7D])"
	exit 0
	;;
esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/qb-common.sh"

input=$(cat)
[ -n "${QB_TEAM:-}" ] || exit 0
mkdir -p "$QB_STATE_DIR" 2>/dev/null || true
now=$(date +%s)

forward() {
	pool=$1
	window=$2
	[ -n "$pool" ] || return 0
	limits=$(printf '%s' "$input" | jq -c --arg w "$window" '.rate_limits[$w] // empty' 2>/dev/null || true)
	[ -n "$limits" ] || return 0
	seen="$QB_STATE_DIR/observed-$pool"
	[ "$(cat "$seen" 2>/dev/null || true)" != "$limits" ] || return 0
	body=$(jq -cn --arg w "$window" --argjson l "$limits" --arg at "$(qb_now)" --arg member "${QB_MEMBER:-}" '
		{source: "status-line", observedAt: $at, rateLimits: {($w): $l}}
		+ (if $member != "" then {memberId: $member} else {} end)')
	answer=$(QB_TIMEOUT=2 qb_curl POST "/pools/$(qb_urlencode "$pool")/observations" \
		-H 'Content-Type: application/json' -d "$body" 2>/dev/null) || return 0
	case $(printf '%s' "$answer" | tail -n 1) in
	2??) printf '%s' "$limits" >"$seen" ;;
	esac
	return 0
}
forward "${QB_POOL_5H:-}" five_hour
forward "${QB_POOL_7D:-}" seven_day

cache="$QB_STATE_DIR/status-$QB_TEAM.json"
stamp="$QB_STATE_DIR/status-$QB_TEAM.at"
if [ ! -f "$cache" ] || [ $((now - $(cat "$stamp" 2>/dev/null || echo 0))) -ge "${QB_STATUS_CACHE_SECONDS:-5}" ]; then
	answer=$(qb_curl GET "/teams/$(qb_urlencode "$QB_TEAM")/availability" 2>/dev/null || true)
	if [ "$(printf '%s' "$answer" | tail -n 1)" = 200 ]; then
		printf '%s' "$answer" | sed '$d' >"$cache.$$" && mv "$cache.$$" "$cache"
		printf '%s\n' "$now" >"$stamp"
	fi
fi
if [ ! -f "$cache" ]; then
	printf 'quota: service unreachable\n'
	exit 0
fi
jq -r --arg labels "${QB_STATUS_LABELS:-}" '
	def named($id): ($labels | split(",") | map(split("=") | {(.[0]): .[1]}) | add // {})[$id] // $id;
	def colour: {"GREEN": "32", "YELLOW": "33", "ORANGE": "38;5;208", "RED": "31"}[.] // "0";
	def hhmm: sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601 | strflocaltime("%H:%M");
	(.pools | sort_by(-(.percentUsed | tonumber))) as $pools
	| if ($pools | length) == 0 then "quota: no pools"
	  else
	  ([$pools[] | "\u001b[\(.status | colour)m\(named(.poolId)) \(.percentUsed | tonumber | round)%\u001b[0m"] | join(" · "))
	  + ($pools[0] | (.nextReset // (.recovery[0].freedBy // null)) as $r
		| if $r then " · resets \($r | hhmm)" else "" end)
	  end' "$cache"
