// Metric types of widely deployed exporters and client-library collectors, so rate() of a counter that lacks
// `_total` (ingress-nginx, Envoy, SNMP) and rate() of a real gauge are told apart without a live server.
// Each entry names where the type is stated: the exporter's metrics documentation or the collector source
// that registers the metric. Only facts from those sources are listed; an unknown name stays unknown.
import type { MetricType, MetricTypeSource, TypeFact } from './source.js';

interface Exporter {
  source: string;
  types: Partial<Record<MetricType, readonly string[]>>;
  /** Whole families stated by the source (`node_vmstat_*` are all untyped); checked after the names. */
  patterns?: ReadonlyArray<[RegExp, MetricType]>;
}

const words = (s: string): string[] => s.trim().split(/\s+/);

export const WELL_KNOWN_EXPORTERS: readonly Exporter[] = [
  {
    source: 'Prometheus scrape (docs: "Jobs and instances", automatically generated time series)',
    types: { gauge: words('up scrape_duration_seconds scrape_samples_scraped scrape_samples_post_metric_relabeling scrape_series_added') },
  },
  {
    source: 'node_exporter (prometheus/node_exporter collector/*.go)',
    types: {
      counter: words(`node_cpu_seconds_total node_cpu_guest_seconds_total node_context_switches_total node_intr_total node_forks_total
        node_disk_reads_completed_total node_disk_writes_completed_total node_disk_reads_merged_total node_disk_writes_merged_total
        node_disk_read_bytes_total node_disk_written_bytes_total node_disk_read_time_seconds_total node_disk_write_time_seconds_total
        node_disk_io_time_seconds_total node_disk_io_time_weighted_seconds_total node_disk_discards_completed_total
        node_network_receive_bytes_total node_network_transmit_bytes_total node_network_receive_packets_total
        node_network_transmit_packets_total node_network_receive_errs_total node_network_transmit_errs_total
        node_network_receive_drop_total node_network_transmit_drop_total node_network_transmit_colls_total
        node_pressure_cpu_waiting_seconds_total node_pressure_memory_waiting_seconds_total node_pressure_memory_stalled_seconds_total
        node_pressure_io_waiting_seconds_total node_pressure_io_stalled_seconds_total node_schedstat_running_seconds_total
        node_schedstat_waiting_seconds_total node_schedstat_timeslices_total node_edac_correctable_errors_total
        node_edac_uncorrectable_errors_total node_nf_conntrack_stat_drop_total node_nf_conntrack_stat_early_drop_total`),
      gauge: words(`node_load1 node_load5 node_load15 node_boot_time_seconds node_time_seconds node_filefd_allocated node_filefd_maximum
        node_filesystem_size_bytes node_filesystem_free_bytes node_filesystem_avail_bytes node_filesystem_files node_filesystem_files_free
        node_filesystem_readonly node_filesystem_device_error node_nf_conntrack_entries node_nf_conntrack_entries_limit
        node_network_up node_network_carrier node_network_speed_bytes node_network_mtu_bytes node_network_info node_disk_io_now
        node_procs_running node_procs_blocked node_uname_info node_os_info node_hwmon_temp_celsius node_hwmon_temp_crit_celsius
        node_hwmon_temp_max_celsius node_textfile_scrape_error node_timex_offset_seconds node_timex_sync_status
        node_timex_maxerror_seconds node_systemd_unit_state node_md_disks node_md_disks_required node_md_state
        node_scrape_collector_success node_scrape_collector_duration_seconds node_cpu_scaling_frequency_hertz
        node_entropy_available_bits node_sockstat_sockets_used node_bonding_active node_bonding_slaves`),
    },
    patterns: [
      [/^node_memory_\w+_bytes$/, 'gauge'], // meminfo: gauges (only keys ending in _total are counters)
      [/^node_vmstat_/, 'untyped'],
      [/^node_netstat_/, 'untyped'],
      [/^node_sockstat_/, 'gauge'],
    ],
  },
  {
    source: 'client library process collector (client_golang prometheus/process_collector.go, client_python, prom-client)',
    types: {
      counter: words('process_cpu_seconds_total process_network_receive_bytes_total process_network_transmit_bytes_total'),
      gauge: words(`process_open_fds process_max_fds process_virtual_memory_bytes process_virtual_memory_max_bytes
        process_resident_memory_bytes process_start_time_seconds process_heap_bytes`),
    },
  },
  {
    source: 'client_golang Go collector (prometheus/go_collector.go)',
    types: {
      counter: words('go_memstats_alloc_bytes_total go_memstats_lookups_total go_memstats_mallocs_total go_memstats_frees_total'),
      gauge: words(`go_goroutines go_threads go_info go_memstats_alloc_bytes go_memstats_sys_bytes go_memstats_heap_alloc_bytes
        go_memstats_heap_sys_bytes go_memstats_heap_idle_bytes go_memstats_heap_inuse_bytes go_memstats_heap_released_bytes
        go_memstats_heap_objects go_memstats_stack_inuse_bytes go_memstats_stack_sys_bytes go_memstats_mspan_inuse_bytes
        go_memstats_mspan_sys_bytes go_memstats_mcache_inuse_bytes go_memstats_mcache_sys_bytes go_memstats_buck_hash_sys_bytes
        go_memstats_gc_sys_bytes go_memstats_other_sys_bytes go_memstats_next_gc_bytes go_memstats_last_gc_time_seconds
        go_memstats_gc_cpu_fraction`),
      summary: words('go_gc_duration_seconds'),
    },
  },
  {
    source: 'client_python platform and GC collectors (prometheus_client/platform_collector.py, gc_collector.py)',
    types: {
      counter: words('python_gc_objects_collected_total python_gc_objects_uncollectable_total python_gc_collections_total'),
      gauge: words('python_info'),
    },
  },
  {
    source: 'prom-client default metrics (siimon/prom-client lib/metrics/)',
    types: {
      gauge: words(`nodejs_eventloop_lag_seconds nodejs_eventloop_lag_min_seconds nodejs_eventloop_lag_max_seconds
        nodejs_eventloop_lag_mean_seconds nodejs_eventloop_lag_stddev_seconds nodejs_eventloop_lag_p50_seconds
        nodejs_eventloop_lag_p90_seconds nodejs_eventloop_lag_p99_seconds nodejs_active_handles nodejs_active_handles_total
        nodejs_active_requests nodejs_active_requests_total nodejs_active_resources nodejs_active_resources_total
        nodejs_heap_size_total_bytes nodejs_heap_size_used_bytes nodejs_external_memory_bytes nodejs_heap_space_size_total_bytes
        nodejs_heap_space_size_used_bytes nodejs_heap_space_size_available_bytes nodejs_version_info`),
      histogram: words('nodejs_gc_duration_seconds'),
    },
  },
  {
    source: 'client_java JVM collectors (simpleclient_hotspot and prometheus-metrics-instrumentation-jvm)',
    types: {
      counter: words('jvm_threads_started_total jvm_classes_loaded_total jvm_classes_unloaded_total jvm_memory_pool_allocated_bytes_total'),
      gauge: words(`jvm_memory_bytes_used jvm_memory_bytes_committed jvm_memory_bytes_max jvm_memory_bytes_init
        jvm_memory_pool_bytes_used jvm_memory_pool_bytes_committed jvm_memory_pool_bytes_max jvm_memory_pool_bytes_init
        jvm_memory_used_bytes jvm_memory_committed_bytes jvm_memory_max_bytes jvm_memory_init_bytes
        jvm_memory_pool_used_bytes jvm_memory_pool_committed_bytes jvm_memory_pool_max_bytes
        jvm_threads_current jvm_threads_daemon jvm_threads_peak jvm_threads_deadlocked jvm_threads_deadlocked_monitor
        jvm_threads_state jvm_classes_loaded jvm_classes_currently_loaded jvm_info jvm_buffer_pool_used_bytes
        jvm_buffer_pool_capacity_bytes jvm_buffer_pool_used_buffers jvm_runtime_info`),
      summary: words('jvm_gc_collection_seconds'),
    },
  },
  {
    source: 'kube-state-metrics (kubernetes/kube-state-metrics docs/metrics/)',
    types: { counter: words('kube_pod_container_status_restarts_total kube_pod_init_container_status_restarts_total') },
    // Every object metric kube-state-metrics documents is a gauge, apart from the restart counters above.
    patterns: [[/^kube_(?!state_metrics_)\w+$/, 'gauge']],
  },
  {
    source: 'cAdvisor (google/cadvisor docs/storage/prometheus.md)',
    types: {
      counter: words(`container_cpu_usage_seconds_total container_cpu_system_seconds_total container_cpu_user_seconds_total
        container_cpu_cfs_periods_total container_cpu_cfs_throttled_periods_total container_cpu_cfs_throttled_seconds_total
        container_memory_failcnt container_memory_failures_total container_oom_events_total
        container_network_receive_bytes_total container_network_transmit_bytes_total container_network_receive_packets_total
        container_network_transmit_packets_total container_network_receive_packets_dropped_total
        container_network_transmit_packets_dropped_total container_network_receive_errors_total container_network_transmit_errors_total
        container_fs_reads_bytes_total container_fs_writes_bytes_total container_fs_reads_total container_fs_writes_total`),
      gauge: words(`container_memory_working_set_bytes container_memory_rss container_memory_cache container_memory_usage_bytes
        container_memory_swap container_memory_max_usage_bytes container_memory_mapped_file container_fs_usage_bytes
        container_fs_limit_bytes container_last_seen container_start_time_seconds container_spec_memory_limit_bytes
        container_spec_memory_reservation_limit_bytes container_spec_cpu_quota container_spec_cpu_period container_spec_cpu_shares
        container_processes container_threads container_sockets container_file_descriptors container_tasks_state`),
    },
  },
  {
    source: 'Kubernetes components (kubernetes/kubernetes, kubelet and component-base metrics)',
    types: {
      counter: words(`kubelet_evictions kubelet_certificate_manager_client_expiration_renew_errors kubelet_server_expiration_renew_errors
        apiserver_request_total rest_client_requests_total workqueue_adds_total workqueue_retries_total`),
      gauge: words(`kubelet_running_pods kubelet_running_containers kubelet_node_name kubelet_volume_stats_available_bytes
        kubelet_volume_stats_capacity_bytes kubelet_volume_stats_used_bytes kubelet_volume_stats_inodes kubelet_volume_stats_inodes_free
        kubelet_volume_stats_inodes_used workqueue_depth kubernetes_build_info`),
      histogram: words(`kubelet_pleg_relist_duration_seconds kubelet_pod_worker_duration_seconds apiserver_request_duration_seconds
        apiserver_client_certificate_expiration_seconds workqueue_queue_duration_seconds rest_client_request_duration_seconds`),
    },
  },
  {
    source: 'blackbox_exporter (prometheus/blackbox_exporter prober/*.go)',
    types: {
      gauge: words(`probe_success probe_duration_seconds probe_http_status_code probe_http_duration_seconds probe_http_content_length
        probe_http_uncompressed_body_length probe_http_ssl probe_http_redirects probe_http_version probe_ssl_earliest_cert_expiry
        probe_ssl_last_chain_expiry_timestamp_seconds probe_tls_version_info probe_dns_lookup_time_seconds probe_ip_protocol
        probe_icmp_duration_seconds probe_dns_answer_rrs probe_failed_due_to_regex blackbox_exporter_config_last_reload_successful`),
    },
  },
  {
    source: 'ingress-nginx (kubernetes/ingress-nginx docs/user-guide/monitoring.md, internal/ingress/metric/collectors)',
    types: {
      counter: words(`nginx_ingress_controller_requests nginx_ingress_controller_success nginx_ingress_controller_errors
        nginx_ingress_controller_nginx_process_connections_total nginx_ingress_controller_nginx_process_requests_total`),
      gauge: words(`nginx_ingress_controller_nginx_process_connections nginx_ingress_controller_config_last_reload_successful
        nginx_ingress_controller_config_last_reload_successful_timestamp_seconds nginx_ingress_controller_ssl_expire_time_seconds
        nginx_ingress_controller_config_hash nginx_ingress_controller_leader_election_status`),
      histogram: words(`nginx_ingress_controller_request_duration_seconds nginx_ingress_controller_response_duration_seconds
        nginx_ingress_controller_request_size nginx_ingress_controller_response_size nginx_ingress_controller_bytes_sent
        nginx_ingress_controller_connect_duration_seconds nginx_ingress_controller_header_duration_seconds`),
      summary: words('nginx_ingress_controller_ingress_upstream_latency_seconds'),
    },
  },
  {
    // Envoy types its Prometheus output from its own stat kinds and adds no `_total`: `membership_total` is a gauge.
    source: 'Envoy (envoyproxy/envoy docs: cluster manager and HTTP connection manager statistics)',
    types: {
      counter: words(`envoy_cluster_upstream_rq_total envoy_cluster_upstream_rq_xx envoy_cluster_upstream_rq envoy_cluster_upstream_rq_completed
        envoy_cluster_upstream_cx_total envoy_cluster_upstream_cx_connect_fail envoy_cluster_upstream_cx_connect_timeout
        envoy_cluster_upstream_rq_timeout envoy_cluster_upstream_rq_retry envoy_cluster_upstream_rq_pending_overflow
        envoy_cluster_upstream_cx_destroy envoy_http_downstream_rq_total envoy_http_downstream_rq_xx envoy_http_downstream_cx_total
        envoy_listener_downstream_cx_total envoy_cluster_outlier_detection_ejections_enforced_total`),
      gauge: words(`envoy_cluster_upstream_cx_active envoy_cluster_upstream_rq_active envoy_cluster_upstream_rq_pending_active
        envoy_cluster_membership_healthy envoy_cluster_membership_total envoy_cluster_membership_degraded
        envoy_cluster_outlier_detection_ejections_active envoy_http_downstream_cx_active envoy_http_downstream_rq_active
        envoy_listener_downstream_cx_active envoy_server_live envoy_server_uptime envoy_server_memory_allocated envoy_server_memory_heap_size`),
      histogram: words('envoy_cluster_upstream_rq_time envoy_cluster_upstream_cx_connect_ms envoy_http_downstream_rq_time envoy_http_downstream_cx_length_ms'),
    },
  },
  {
    source: 'snmp_exporter if_mib module (prometheus/snmp_exporter snmp.yml, IF-MIB)',
    types: {
      counter: words(`ifInErrors ifOutErrors ifInDiscards ifOutDiscards ifInOctets ifOutOctets ifHCInOctets ifHCOutOctets
        ifInUcastPkts ifOutUcastPkts ifHCInUcastPkts ifHCOutUcastPkts ifInUnknownProtos`),
      gauge: words('ifOperStatus ifAdminStatus ifSpeed ifHighSpeed ifMtu ifLastChange'),
    },
  },
  {
    source: 'postgres_exporter (prometheus-community/postgres_exporter collector/pg_stat_database.go, pg_stat_activity)',
    types: {
      counter: words(`pg_stat_database_xact_commit pg_stat_database_xact_rollback pg_stat_database_blks_hit pg_stat_database_blks_read
        pg_stat_database_deadlocks pg_stat_database_conflicts pg_stat_database_temp_files pg_stat_database_temp_bytes
        pg_stat_database_tup_returned pg_stat_database_tup_fetched pg_stat_database_tup_inserted pg_stat_database_tup_updated
        pg_stat_database_tup_deleted`),
      gauge: words('pg_up pg_stat_database_numbackends pg_stat_activity_count pg_stat_activity_max_tx_duration pg_settings_max_connections'),
    },
  },
];

/** The table as a type source: exact names first, then the families an exporter states as a whole. */
export function wellKnownSource(exporters: readonly Exporter[] = WELL_KNOWN_EXPORTERS): MetricTypeSource {
  const byName = new Map<string, TypeFact>();
  const patterns: Array<[RegExp, TypeFact]> = [];
  for (const e of exporters) {
    for (const [type, names] of Object.entries(e.types) as Array<[MetricType, readonly string[]]>) {
      for (const name of names) if (!byName.has(name)) byName.set(name, { type, source: e.source });
    }
    for (const [pattern, type] of e.patterns ?? []) patterns.push([pattern, { type, source: e.source }]);
  }
  return {
    typeOf(name) {
      return byName.get(name) ?? patterns.find(([p]) => p.test(name))?.[1];
    },
  };
}
