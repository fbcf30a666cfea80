package dev.lockstep.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Adds the {@code lockstep} component to the {@code readiness} health group (Kubernetes' readiness probe), so that
 * PENDING, WAITING_FOR_LOCK, MIGRATING and FAILED keep the instance out of rotation, while liveness stays as it
 * was: a long migration never gets the pod restarted. Runs after Boot's availability-probe post-processor, which
 * creates the group; an application that defines its own readiness group gets {@code lockstep} added to it too.
 */
final class ReadinessIncludesLockstep implements HealthEndpointGroupsPostProcessor {
    static final String READINESS = "readiness";

    private final String member;

    ReadinessIncludesLockstep(String member) {
        this.member = member;
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        HealthEndpointGroup readiness = groups.get(READINESS);
        if (readiness == null || readiness.isMember(member)) {
            return groups;
        }
        Map<String, HealthEndpointGroup> byName = new LinkedHashMap<>();
        for (String name : groups.getNames()) {
            byName.put(name, name.equals(READINESS) ? new WithMember(readiness, member) : groups.get(name));
        }
        return HealthEndpointGroups.of(groups.getPrimary(), byName);
    }

    /** The same group with one more member. */
    private record WithMember(HealthEndpointGroup group, String member) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return member.equals(name) || group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return group.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return group.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
