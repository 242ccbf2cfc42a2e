#!/bin/sh
# Quota Broker admission hook for automated Claude Code sessions (PreToolUse, UserPromptSubmit).
# usage: qb-admission-hook.sh < hook-input.json   (acts only when QB_AUTOMATED=1)
#
# Asks POST /teams/{team}/admission whether the session may go on. On DEFER or DENY it stops
# Claude with the service's sentence, using Claude Code's JSON hook output (exit 0 with
# "continue": false and "stopReason"; PreToolUse also denies the tool call, UserPromptSubmit
# blocks the prompt). ADMIT answers are cached for QB_ADMISSION_CACHE_SECONDS (default 10).
# When the service cannot be reached it lets the session go on: the hook never fails a turn.
# Settings: QB_ADMISSION_POOL (or QB_ADMISSION_MODEL), QB_ADMISSION_ESTIMATE (default 1),
# QB_ADMISSION_PRIORITY (default MEDIUM).
set -eu
case ${1:-} in -h | --help)
	echo "usage: qb-admission-hook.sh < hook-input.json  (settings: QB_AUTOMATED=1 QB_URL QB_KEY QB_TEAM QB_ADMISSION_POOL)"
	exit 0
	;;
esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/qb-common.sh"

input=$(cat)
[ "${QB_AUTOMATED:-0}" = 1 ] || exit 0
[ -n "${QB_TEAM:-}" ] || exit 0
event=$(printf '%s' "$input" | jq -r '.hook_event_name // "PreToolUse"' 2>/dev/null || echo PreToolUse)

mkdir -p "$QB_STATE_DIR" 2>/dev/null || true
cache="$QB_STATE_DIR/admitted-$QB_TEAM"
now=$(date +%s)
if [ -f "$cache" ] && [ $((now - $(cat "$cache" 2>/dev/null || echo 0))) -lt "${QB_ADMISSION_CACHE_SECONDS:-10}" ]; then
	exit 0
fi

request=$(jq -cn --arg pool "${QB_ADMISSION_POOL:-}" --arg model "${QB_ADMISSION_MODEL:-}" \
	--arg estimate "${QB_ADMISSION_ESTIMATE:-1}" --arg priority "${QB_ADMISSION_PRIORITY:-MEDIUM}" \
	--arg member "${QB_MEMBER:-}" '
	{estimatedAmount: ($estimate | tonumber), kind: "AUTOMATED", priority: $priority}
	+ (if $pool != "" then {poolId: $pool} else {model: $model} end)
	+ (if $member != "" then {memberId: $member} else {} end)')
answer=$(qb_curl POST "/teams/$(qb_urlencode "$QB_TEAM")/admission" -H 'Content-Type: application/json' \
	-d "$request" 2>/dev/null) || exit 0
status=$(printf '%s' "$answer" | tail -n 1)
body=$(printf '%s' "$answer" | sed '$d')
[ "$status" = 200 ] || exit 0
decision=$(printf '%s' "$body" | jq -r '.decision // empty' 2>/dev/null || true)
case $decision in
DEFER | DENY)
	printf '%s' "$body" | jq -c --arg event "$event" '
		.message as $m
		| {continue: false, stopReason: $m, systemMessage: $m}
		+ (if $event == "PreToolUse" then
			{hookSpecificOutput: {hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: $m}}
		  elif $event == "UserPromptSubmit" then {decision: "block", reason: $m}
		  else {} end)'
	;;
ADMIT)
	printf '%s\n' "$now" >"$cache"
	;;
esac
exit 0
