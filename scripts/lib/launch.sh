# shellcheck shell=bash
# Sourced by every launcher in scripts/: runs a process's jar, building it first when it
# is missing or older than the sources it comes from.
#
#   cohort_launch <module> [args...]     module: bank-process | customer-process
#   cohort_ensure_jar <module>           build only; prints the jar's path
#   cohort_java                          prints the java to run (or says how to get one)
#
# Environment: JAVA (the java to run; default $JAVA_HOME/bin/java, else java on PATH),
# COHORT_JAVA_OPTS (extra JVM options, split on spaces) and COHORT_MAIN (a main class in the
# jar to run instead of the jar's own, as scripts/trace and scripts/simulate do).

COHORT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

# Prints the modules whose classes <module>'s jar bundles: the module itself, then every module
# of this project its pom depends on, and theirs in turn (the customer jar bundles the bank's
# classes for the simulator, and both bundle common).
cohort_jar_modules() {
    local module=$1 seen=" $1 " queue=("$1") next dep
    printf '%s\n' "$module"
    while (( ${#queue[@]} > 0 )); do
        next=${queue[0]}
        queue=("${queue[@]:1}")
        for dep in common bank-process customer-process; do
            [[ $seen == *" $dep "* ]] && continue
            if grep -q "<artifactId>$dep</artifactId>" "$COHORT_ROOT/$next/pom.xml" 2>/dev/null; then
                seen+="$dep "
                queue+=("$dep")
                printf '%s\n' "$dep"
            fi
        done
    done
}

# True when the jar is missing or any source, resource or pom of a module it bundles is newer.
cohort_jar_stale() {
    local module=$1 jar=$2 dep newer
    [[ -f $jar ]] || return 0
    local paths=("$COHORT_ROOT/pom.xml")
    while IFS= read -r dep; do
        paths+=("$COHORT_ROOT/$dep/src/main" "$COHORT_ROOT/$dep/pom.xml")
    done < <(cohort_jar_modules "$module")
    newer=$(find "${paths[@]}" -newer "$jar" -print -quit 2>/dev/null || true)
    [[ -n $newer ]]
}

cohort_build() {
    local module=$1 jar=$2
    local output status=0
    echo "building $module..." >&2
    output=$(cd "$COHORT_ROOT" && ./mvnw -q -B -DskipTests package -pl "$module" -am 2>&1 </dev/null) \
        || status=$?
    if (( status != 0 )); then
        printf '%s\n' "$output" | tail -n 20 >&2
        echo "error: building $module failed; to see why, run:" >&2
        echo "  cd '$COHORT_ROOT' && ./mvnw -B -DskipTests package -pl $module -am" >&2
        return 1
    fi
    if [[ ! -f $jar ]]; then
        echo "error: the build succeeded but did not produce $jar" >&2
        return 1
    fi
}

# Makes sure <module>'s jar exists and is fresh, building it when needed; prints its path.
cohort_ensure_jar() {
    local module=$1
    local jar="$COHORT_ROOT/$module/target/$module.jar"
    if cohort_jar_stale "$module" "$jar"; then
        # Launchers started together (a demo opens several terminals) build once, not at once.
        mkdir -p "$COHORT_ROOT/common/target"
        exec 9>"$COHORT_ROOT/common/target/.launch.lock"
        if command -v flock >/dev/null 2>&1; then
            flock 9
        fi
        if cohort_jar_stale "$module" "$jar"; then
            cohort_build "$module" "$jar" || { exec 9>&-; return 1; }
        fi
        exec 9>&-
    fi
    printf '%s\n' "$jar"
}

# Prints the java to run: $JAVA, else $JAVA_HOME/bin/java, else java on the PATH.
cohort_java() {
    local java=${JAVA:-}
    if [[ -z $java ]]; then
        if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
            java=$JAVA_HOME/bin/java
        else
            java=java
        fi
    fi
    if ! command -v "$java" >/dev/null 2>&1; then
        echo "error: cannot run '$java'; install a JDK 17 or newer, or set JAVA to its java" >&2
        return 1
    fi
    printf '%s\n' "$java"
}

cohort_launch() {
    local module=$1
    shift
    local jar java
    jar=$(cohort_ensure_jar "$module") || exit 1
    java=$(cohort_java) || exit 1
    local opts=()
    read -r -a opts <<<"${COHORT_JAVA_OPTS:-}"
    if [[ -n ${COHORT_MAIN:-} ]]; then
        exec "$java" ${opts[@]+"${opts[@]}"} -cp "$jar" "$COHORT_MAIN" "$@"
    fi
    exec "$java" ${opts[@]+"${opts[@]}"} -jar "$jar" "$@"
}
