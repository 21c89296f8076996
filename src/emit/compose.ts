// A local stack to try the output: the service, Prometheus, Alertmanager and Grafana, as the guide's Docker
// Compose example, mounting the files memgen wrote. Prometheus and Alertmanager join the service's network
// namespace, so the generated prometheus.yml works unchanged: its default targets (localhost:<port> for the
// service, localhost:9093 for Alertmanager) are right there. Grafana reaches Prometheus at prometheus:9090, the
// provisioned datasource's URL, through a network alias. No secret is written: Grafana's admin password comes
// from the environment of whoever starts the stack.
import type { Model, Service } from '../model/types.js';
import { GRAFANA_DASHBOARDS_MOUNT } from './grafana.js';
import { ALERTS_FILE } from './prometheus.js';
import type { OutputDocument } from './types.js';

export const COMPOSE_FILE = 'compose/docker-compose.yml';
/** Written by the Alertmanager emitter; the stack mounts it from there. */
export const ALERTMANAGER_CONFIG = 'alertmanager/alertmanager.yml';
export const PROMETHEUS_CONFIG = 'prometheus/prometheus.yml';
export const GRAFANA_PROVISIONING_DIR = 'grafana/provisioning';
export const GRAFANA_DASHBOARDS_DIR = 'grafana/dashboards';

// Pinned, so the stack someone starts today is the one it was tested with.
const IMAGES = {
  prometheus: 'prom/prometheus:v2.53.4',
  alertmanager: 'prom/alertmanager:v0.28.1',
  grafana: 'grafana/grafana:11.6.0',
};
// The guide's app serves HTTP (and its debug endpoints) on 8000 and metrics on the service's port.
const APP_HTTP_PORT = 8000;

/** A read-only bind mount of a file or folder of the output; the compose file sits one folder down. */
function mount(outputPath: string, target: string) {
  // The long syntax fails when the source is missing, where the short one would create an empty folder.
  return { type: 'bind', source: `../${outputPath}`, target, read_only: true };
}

function appService(service: Service) {
  const ports = [...new Set([APP_HTTP_PORT, service.port, 9090, 9093])].map((p) => `${p}:${p}`);
  return {
    // The service's own Dockerfile, at the root of the repository that holds the output folder.
    build: { context: '../..' },
    ports,
    environment: ['PYTHONUNBUFFERED=1'],
    networks: { default: { aliases: ['prometheus', 'alertmanager'] } },
  };
}

/** The stack's own services; an app of the same name gets `-app` appended, or it would replace one. */
export const STACK_SERVICES = ['prometheus', 'alertmanager', 'grafana'];

export function composeServiceName(service: Service): string {
  return STACK_SERVICES.includes(service.name) ? `${service.name}-app` : service.name;
}

export function composeFile(model: Model) {
  const app = model.services[0] as Service;
  const appName = composeServiceName(app);
  const shareNetwork = `service:${appName}`;
  return {
    services: {
      [appName]: appService(app),
      prometheus: {
        image: IMAGES.prometheus,
        network_mode: shareNetwork,
        command: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.retention.time=2d'],
        volumes: [mount(PROMETHEUS_CONFIG, '/etc/prometheus/prometheus.yml'), mount(`prometheus/${ALERTS_FILE}`, `/etc/prometheus/${ALERTS_FILE}`)],
        depends_on: [appName],
      },
      alertmanager: {
        image: IMAGES.alertmanager,
        network_mode: shareNetwork,
        command: ['--config.file=/etc/alertmanager/alertmanager.yml'],
        volumes: [mount(ALERTMANAGER_CONFIG, '/etc/alertmanager/alertmanager.yml')],
        depends_on: [appName],
      },
      grafana: {
        image: IMAGES.grafana,
        ports: ['3000:3000'],
        environment: [
          // No value here: Compose takes it from the shell that runs `docker compose up`.
          'GF_SECURITY_ADMIN_PASSWORD',
          // Runbook links open without a login; viewers cannot change anything.
          'GF_AUTH_ANONYMOUS_ENABLED=true',
          'GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer',
        ],
        volumes: [mount(GRAFANA_PROVISIONING_DIR, '/etc/grafana/provisioning'), mount(GRAFANA_DASHBOARDS_DIR, GRAFANA_DASHBOARDS_MOUNT)],
        depends_on: ['prometheus'],
      },
    },
  };
}

export function emitCompose(model: Model): OutputDocument {
  return { path: COMPOSE_FILE, format: 'yaml', data: composeFile(model) };
}
