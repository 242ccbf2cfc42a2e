#!/bin/sh
# Installs the Quota Broker hooks and status line into a Claude Code settings file.
# usage: install.sh --team TEAM [--member MEMBER] [--url URL] [--key KEY] [--settings FILE]
#                   [--automated] [--no-statusline] [--pool-5h POOL] [--pool-7d POOL] [--labels LABELS]
#
# Writes the Stop hook (usage), and with --automated the PreToolUse and UserPromptSubmit
# admission hook, plus the status line, into FILE (default ./.claude/settings.json), keeping
# every other setting and hook. Running it again replaces its own entries: idempotent.
# The connection settings go to ${QB_CONFIG:-$HOME/.config/quota-broker/claude-code.env}
# (mode 600), read by the scripts.
set -eu
usage="usage: install.sh --team TEAM [--member MEMBER] [--url URL] [--key KEY] [--settings FILE] [--automated] [--no-statusline] [--pool-5h POOL] [--pool-7d POOL] [--labels LABELS]"
here=$(cd "$(dirname "$0")" && pwd)
settings=.claude/settings.json
team= member= url= key= automated=0 statusline=1 pool5h= pool7d= labels=
while [ $# -gt 0 ]; do
	case $1 in
	--team) team=$2; shift ;;
	--member) member=$2; shift ;;
	--url) url=$2; shift ;;
	--key) key=$2; shift ;;
	--settings) settings=$2; shift ;;
	--pool-5h) pool5h=$2; shift ;;
	--pool-7d) pool7d=$2; shift ;;
	--labels) labels=$2; shift ;;
	--automated) automated=1 ;;
	--no-statusline) statusline=0 ;;
	-h | --help) echo "$usage"; exit 0 ;;
	*) echo "unknown argument: $1" >&2; echo "$usage" >&2; exit 2 ;;
	esac
	shift
done
if [ -z "$team" ]; then
	echo "--team is required" >&2
	echo "$usage" >&2
	exit 2
fi
command -v jq >/dev/null || { echo "install.sh needs jq" >&2; exit 1; }
command -v curl >/dev/null || { echo "install.sh needs curl" >&2; exit 1; }

config=${QB_CONFIG:-$HOME/.config/quota-broker/claude-code.env}
mkdir -p "$(dirname "$config")"
umask 077
{
	echo "QB_TEAM=$team"
	[ -z "$member" ] || echo "QB_MEMBER=$member"
	[ -z "$url" ] || echo "QB_URL=$url"
	[ -z "$key" ] || echo "QB_KEY=$key"
	[ "$automated" = 0 ] || echo "QB_AUTOMATED=1"
	[ -z "$pool5h" ] || echo "QB_POOL_5H=$pool5h"
	[ -z "$pool7d" ] || echo "QB_POOL_7D=$pool7d"
	[ -z "$labels" ] || echo "QB_STATUS_LABELS=$labels"
} >"$config.tmp"
mv "$config.tmp" "$config"
umask 022

mkdir -p "$(dirname "$settings")"
[ -s "$settings" ] || echo '{}' >"$settings"
jq --arg dir "$here" --argjson automated "$automated" --argjson statusline "$statusline" '
	def ours: (.command // "") | test("/qb-(stop|admission)-hook\\.sh$");
	def without_ours: map(.hooks = ((.hooks // []) | map(select(ours | not)))) | map(select((.hooks | length) > 0));
	def hook($script): {type: "command", command: "\($dir)/\($script)"};
	.hooks = (.hooks // {})
	| .hooks.Stop = (((.hooks.Stop // []) | without_ours) + [{hooks: [hook("qb-stop-hook.sh")]}])
	| .hooks.PreToolUse = ((.hooks.PreToolUse // []) | without_ours)
	| .hooks.UserPromptSubmit = ((.hooks.UserPromptSubmit // []) | without_ours)
	| if $automated == 1 then
		.hooks.PreToolUse += [{matcher: "*", hooks: [hook("qb-admission-hook.sh")]}]
		| .hooks.UserPromptSubmit += [{hooks: [hook("qb-admission-hook.sh")]}]
	  else . end
	| if (.hooks.PreToolUse | length) == 0 then del(.hooks.PreToolUse) else . end
	| if (.hooks.UserPromptSubmit | length) == 0 then del(.hooks.UserPromptSubmit) else . end
	| if $statusline == 1 then .statusLine = {type: "command", command: "\($dir)/qb-statusline.sh", padding: 0}
	  elif ((.statusLine.command // "") | test("/qb-statusline\\.sh$")) then del(.statusLine)
	  else . end
' "$settings" >"$settings.tmp"
mv "$settings.tmp" "$settings"
echo "Quota Broker hooks written to $settings; settings in $config"
if curl -s -o /dev/null --max-time 5 "${url:-http://localhost:8080}/actuator/health"; then
	echo "service reachable at ${url:-http://localhost:8080}"
else
	echo "service not reachable at ${url:-http://localhost:8080} yet: usage is queued until it is" >&2
fi
