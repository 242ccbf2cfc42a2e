import com.sun.tools.attach.VirtualMachine;

/**
 * Loads an agent library into a running JVM with its options (bench/lib.sh ap_start and
 * ap_stop: async-profiler): {@code java bench/ApAttach.java <pid> <library> <options>}.
 * {@code jcmd JVMTI.agent_load} cannot pass options that contain {@code =}.
 */
public class ApAttach {
	public static void main(String[] args) throws Exception {
		VirtualMachine vm = VirtualMachine.attach(args[0]);
		try {
			vm.loadAgentPath(args[1], args[2]);
		}
		finally {
			vm.detach();
		}
	}
}
