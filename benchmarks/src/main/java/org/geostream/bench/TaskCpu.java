package org.geostream.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Sums the executor CPU time of the tasks of each job group (Spark's task metrics
 * {@code executorCpuTime + executorDeserializeCpuTime}), a measure that other processes on the machine
 * disturb much less than wall time. It leaves out the driver's parsing and planning, and GC and JIT
 * threads.
 *
 * <p>Listener events arrive asynchronously; {@link #await} waits until every job the group started
 * has ended and no task event has arrived for a short quiet period. Thread-safe.
 */
final class TaskCpu extends SparkListener {
  private static final String JOB_GROUP = "spark.jobGroup.id";
  private static final long QUIET_MS = 250;

  private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();
  private final Map<Integer, String> groupOfJob = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> openJobs = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> cpuNanos = new ConcurrentHashMap<>();
  private final AtomicLong lastEventNanos = new AtomicLong(System.nanoTime());

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String group = start.properties() == null ? null : start.properties().getProperty(JOB_GROUP);
    if (group == null) {
      return;
    }
    groupOfJob.put(start.jobId(), group);
    openJobs.computeIfAbsent(group, g -> new AtomicInteger()).incrementAndGet();
    scala.collection.Iterator<StageInfo> stages = start.stageInfos().iterator();
    while (stages.hasNext()) {
      groupOfStage.put(stages.next().stageId(), group);
    }
    lastEventNanos.set(System.nanoTime());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    String group = groupOfStage.get(end.stageId());
    if (group != null && end.taskMetrics() != null) {
      long cpu = end.taskMetrics().executorCpuTime() + end.taskMetrics().executorDeserializeCpuTime();
      cpuNanos.computeIfAbsent(group, g -> new AtomicLong()).addAndGet(cpu);
    }
    lastEventNanos.set(System.nanoTime());
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    String group = groupOfJob.remove(end.jobId());
    if (group != null) {
      openJobs.get(group).decrementAndGet();
    }
    lastEventNanos.set(System.nanoTime());
  }

  /**
   * The CPU milliseconds of job group {@code group}, once its events have arrived (at most
   * {@code timeoutMs} of waiting); forgets the group. Null when no job of the group was seen.
   */
  Long await(String group, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      AtomicInteger open = openJobs.get(group);
      boolean quiet = System.nanoTime() - lastEventNanos.get() > QUIET_MS * 1_000_000;
      if (open != null && open.get() == 0 && quiet) {
        break;
      }
      Thread.sleep(20);
    }
    openJobs.remove(group);
    groupOfStage.values().removeIf(group::equals);
    AtomicLong cpu = cpuNanos.remove(group);
    return cpu == null ? null : cpu.get() / 1_000_000;
  }
}
