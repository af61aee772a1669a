package dev.quiesce.cluster;

import static dev.quiesce.api.ApplicationLevel.BACK_END;
import static dev.quiesce.api.ApplicationLevel.FRONT_END;
import static dev.quiesce.api.ApplicationLevel.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which phases a set's plan makes barriers, and how the members' plans combine. */
class SetPlanTest {
  @Test
  void onlyLevelsWithWritersAreBarriersAndEveryOtherPhaseAlwaysIs() {
    SetPlan plan = SetPlan.of(Set.of(BACK_END));
    List<Phase> barriers = Arrays.stream(Phase.values()).filter(plan::barrier).toList();
    assertEquals(
        List.of(
            Phase.PREPARE,
            Phase.FREEZE_BACK_END,
            Phase.SNAPSHOT,
            Phase.THAW_BACK_END,
            Phase.FINISH,
            Phase.COMPLETE),
        barriers);
  }

  @Test
  void theMembersPlansCombineIntoTheUnionInFreezeOrder() {
    SetPlan union =
        SetPlan.of(Set.of(SYSTEM))
            .with(SetPlan.of(Set.of(FRONT_END)))
            .with(SetPlan.of(Set.of(FRONT_END)));
    assertEquals(List.of(FRONT_END, SYSTEM), union.levels());
    assertTrue(union.barrier(Phase.THAW_SYSTEM));
    assertFalse(union.barrier(Phase.FREEZE_BACK_END));
  }

  @Test
  void aPlanSurvivesItsJsonRoundTrip() {
    SetPlan plan = SetPlan.of(Set.of(SYSTEM, FRONT_END));
    assertEquals(plan, ZkJson.read(ZkJson.write(plan), SetPlan.class, "/plan"));
  }
}
