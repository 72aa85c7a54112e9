package io.edgeway.lbadapter.mirror;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the adapter would mirror into load-balancer pools right now. */
@RestController
class MirrorController {

    private final MirrorCandidates candidates;

    MirrorController(MirrorCandidates candidates) {
        this.candidates = candidates;
    }

    @GetMapping("/api/instances")
    List<MirroredInstance> instances() {
        return candidates.list();
    }
}
